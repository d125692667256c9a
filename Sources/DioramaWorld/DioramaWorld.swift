// DioramaWorld
