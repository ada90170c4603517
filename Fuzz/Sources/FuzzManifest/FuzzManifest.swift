import ArgoModel
import Hera

/// One input: read as a manifest stream (YAML, then JSON), linted when it reads; and read as a
/// `depends` expression, whose walks run when it parses. Any crash, or a run past libFuzzer's
/// time limit, is a finding; errors are expected.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzManifest(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
  let bytes = Array(UnsafeBufferPointer(start: data, count: size))
  for format in [ManifestFormat.yaml, .json] {
    guard let documents = try? ManifestReader().read(bytes, source: "fuzz", format: format) else { continue }
    _ = Linter(options: .lint).lint(documents.map(\.manifest))
    for document in documents {
      if case .workflow(let workflow) = document.manifest { _ = WorkflowGraph(workflow).mermaid() }
    }
    _ = ManifestWriter(format: .json).string(documents.map(\.manifest))
  }
  let text = String(decoding: bytes, as: UTF8.self)
  if let expression = try? DependsExpression(parsing: text) {
    _ = expression.description
    _ = expression.terms
    _ = expression.evaluate { _ in DependsTaskState(phase: .succeeded) }
  }
  _ = TerminalText.forDisplay(text)
  return 0
}

// SwiftPM links a debug executable with `main` aliased to `FuzzManifest_main`, which would
// hide libFuzzer's own `main`: this one hands over to libFuzzer's driver.
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(
  _ argc: UnsafeMutablePointer<Int32>,
  _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
  _ test: @convention(c) (UnsafePointer<UInt8>, Int) -> Int32
) -> Int32

@_cdecl("FuzzManifest_main")
public func fuzzerMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
  var count = argc
  var arguments = argv
  return runFuzzerDriver(&count, &arguments) { data, size in fuzzManifest(data, size) }
}
