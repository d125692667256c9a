// DioramaScene
