import ArgoModel
