import ArgoTestSupport
import Foundation
import Hera
import Testing

/// Argo's own examples are clean: no error and no warning, linted together (so that
/// `templateRef`s between files resolve) as `argo lint --offline` lints a folder.
@Suite struct ExampleLintTests {
  static func exampleManifests() throws -> [(file: String, documents: [ManifestDocument])] {
    try SharedData.exampleFiles().map { file in
      (file.lastPathComponent, try ManifestReader().read(contentsOf: file.path))
    }
  }

  @Test func everyArgoExampleIsClean() throws {
    let files = try ExampleLintTests.exampleManifests()
    let manifests = files.flatMap { $0.documents.map(\.manifest) }
    let linter = Linter(library: TemplateLibrary(manifests))
    var problems: [String] = []
    var linted = 0
    for (file, documents) in files {
      for document in documents where document.manifest.resource != nil {
        linted += 1
        for diagnostic in linter.lint(document.manifest) where diagnostic.severity >= .warning {
          // Two examples have no name at all: argo lint passes them, and argo submit fails
          // (the API server requires a name or generateName), which the warning says.
          if diagnostic.rule == "resource-name", ["fun-with-gifs.yaml", "k8s-jobs.yaml"].contains(file) { continue }
          let line = document.line(of: diagnostic.path.valuePath).map { ":\($0)" } ?? ""
          problems.append("\(file)\(line): \(diagnostic)")
        }
      }
    }
    print("lint: \(linted) Argo example documents, \(problems.count) problems")
    #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    #expect(linted == 225)
  }
}
