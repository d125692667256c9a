// DioramaCollision
