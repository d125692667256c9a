// CBLAS and LAPACKE from Debian's libblas-dev and liblapacke-dev.
#include <cblas.h>
#include <lapacke.h>
