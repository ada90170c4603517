import ArgoTestSupport
import Foundation
import Testing

/// The committed model is exactly what the generator writes from Argo's schema, so a newer
/// schema is one re-run away and nobody edits generated files by hand.
@Suite struct GeneratorTests {
  @Test func committedModelIsUpToDate() throws {
    let output = try Executable.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: output) }
    let schema = Executable.shared.appendingPathComponent("argo/schema.json").path
    let result = try Executable.run("argo-model-gen", [schema, output.path])
    #expect(result.status == 0, "\(result.standardError)")
    let committed = Executable.packageRoot.appendingPathComponent("Sources/ArgoModel/Generated")
    var compared = 0
    for folder in ["Argo", "Kubernetes"] {
      let fresh = try FileManager.default.contentsOfDirectory(atPath: output.appendingPathComponent(folder).path).sorted()
      let kept = try FileManager.default.contentsOfDirectory(atPath: committed.appendingPathComponent(folder).path).sorted()
      #expect(fresh == kept, "the generated files of \(folder) differ from the committed ones: run swift run argo-model-gen")
      for name in fresh where kept.contains(name) {
        let a = try Data(contentsOf: output.appendingPathComponent("\(folder)/\(name)"))
        let b = try Data(contentsOf: committed.appendingPathComponent("\(folder)/\(name)"))
        #expect(a == b, "\(folder)/\(name) is not what the generator writes: run swift run argo-model-gen")
        compared += 1
      }
    }
    #expect(compared == 226)
  }

  @Test func failsClearlyOnABadSchema() throws {
    let directory = try Executable.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let schema = directory.appendingPathComponent("schema.json")
    try Data("{\"oneOf\": []}".utf8).write(to: schema)
    let result = try Executable.run("argo-model-gen", [schema.path, directory.appendingPathComponent("out").path])
    #expect(result.status == 1)
    #expect(result.standardError.contains("no \"definitions\""))
  }
}
