import ArgoTestSupport
import Foundation
import Hera
import Testing

/// The workflows of Hera's examples, written with the DSL, render to YAML semantically equal to
/// what Hera renders (same keys and values; a number and its string form equal only where Argo's
/// type is AnyString or IntOrString), valid against Argo's schema.
@Suite struct GoldenExampleTests {
  @Test(arguments: Examples.all)
  func rendersLikeHera(example: GoldenExample) throws {
    let goldenURL = SharedData.heraExamples.appendingPathComponent(example.golden)
    let golden = try ManifestReader(options: .preserving).values(SharedData.bytes(goldenURL))
    #expect(golden.count == 1)
    let yaml = ManifestWriter(format: .yaml).bytes([example.build()])
    let rendered = try ManifestReader().values(yaml)
    let differences = SemanticComparison().differences(original: golden[0], roundTripped: rendered[0])
    #expect(
      differences.isEmpty,
      "\(example.golden):\n\(differences.joined(separator: "\n"))\n--- rendered:\n\(String(decoding: yaml, as: UTF8.self))")
    #expect(SchemaValidator.argo.validate(document: rendered[0]).isEmpty)
  }

  @Test func coversAtLeastSixtyExamples() {
    let names = Examples.all.map(\.golden)
    print("DSL golden examples: \(names.count)")
    #expect(Set(names).count == names.count, "an example is listed twice")
    #expect(names.count >= 60)
  }
}

/// What the DSL builds lints clean too: Hera's examples are valid Argo 4 workflows, except one
/// that Argo itself would reject.
@Suite struct GoldenExampleLintTests {
  /// Examples Argo rejects, with what lint says about them.
  static let invalid = [
    // A step calls a template whose input "duration" has no value, without an argument.
    "misc/suspend-input-duration.yaml": "the input parameter \"duration\" of template \"suspend-with-intermediate-param\" is not supplied"
  ]

  @Test func everyDSLExampleLintsWithoutErrors() {
    var failures: [String] = []
    for example in Examples.all {
      if let expected = GoldenExampleLintTests.invalid[example.golden] {
        let diagnostics = Linter().lint(example.build())
        #expect(diagnostics.contains { $0.severity == .error && $0.message.contains(expected) }, "\(example.golden)")
        continue
      }
      let diagnostics = Linter().lint(example.build()).filter { $0.severity >= .warning }
      if !diagnostics.isEmpty { failures.append("\(example.golden): \(diagnostics.map(\.description).joined(separator: "; "))") }
    }
    #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
  }
}
