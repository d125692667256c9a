// zlib from Debian's zlib1g-dev: deflate/inflate and crc32 for the PNG codec.
#include <zlib.h>
