// DioramaPlanner
