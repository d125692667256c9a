// DioramaClip
