import ArgoModel

// The DSL builds `depends` expressions from task handles (`build.succeeded || test.failed`);
// their type, parser and evaluation are the model's, which the linter and the engines share.
// These names let a DSL user write them with `import Hera` alone.

/// A DAG task's `depends` expression; see `ArgoModel.DependsExpression`.
public typealias DependsExpression = ArgoModel.DependsExpression
/// A result a `depends` expression tests (`Succeeded`, `AnySucceeded`, ...); see `ArgoModel.TaskResult`.
public typealias TaskResult = ArgoModel.TaskResult
/// A `depends` expression that cannot be read; see `ArgoModel.DependsSyntaxError`.
public typealias DependsSyntaxError = ArgoModel.DependsSyntaxError
