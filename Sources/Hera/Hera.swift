// The workflow DSL. Importing Hera imports the model too: the DSL builds ArgoModel values, and
// where a DSL name shadows a model name (`Container`), the model's is `ArgoModel.Container`.
@_exported import ArgoModel
