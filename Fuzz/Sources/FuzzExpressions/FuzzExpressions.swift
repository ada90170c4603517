import ArgoModel
import LocalEngine

/// One input: evaluated as a `when` condition, as an expr-lang expression, and rendered as a
/// template string holding `{{…}}` tags, in a scope with a few values. Any crash, or a run past
/// libFuzzer's time limit, is a finding; errors are expected.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzExpressions(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
  let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
  let scope: ExpressionScope = [
    "inputs.parameters.x": .string("5"), "item": .string("a"), "workflow.name": .string("fuzz"),
    "steps.a.outputs.result": .string("[1, 2, {\"k\": true}]"),
  ]
  _ = try? WhenCondition.evaluate(text)
  _ = try? ExprLanguage.evaluate(text, scope: scope)
  _ = try? TemplateString.render(text, scope: scope, unresolved: .keep)
  return 0
}

// SwiftPM links a debug executable with `main` aliased to `FuzzExpressions_main`, which would
// hide libFuzzer's own `main`: this one hands over to libFuzzer's driver.
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(
  _ argc: UnsafeMutablePointer<Int32>,
  _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
  _ test: @convention(c) (UnsafePointer<UInt8>, Int) -> Int32
) -> Int32

@_cdecl("FuzzExpressions_main")
public func fuzzerMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
  var count = argc
  var arguments = argv
  return runFuzzerDriver(&count, &arguments) { data, size in fuzzExpressions(data, size) }
}
