// DioramaRigid
