import ArgoModel
import ArgoTestSupport
import Foundation
import Hera
import HeraTestServers
import Testing

/// Every example renders a manifest Argo accepts: valid against Argo's schema, clean of lint
/// errors, the same in YAML and JSON; and draws its graph.
@Suite struct RenderTests {
  struct Example: Sendable, CustomTestStringConvertible {
    var name: String
    /// Nodes its graph shows.
    var nodes: [String]
    /// Whether it mounts the volume claim.
    var mountsVolume: Bool

    var testDescription: String { name }
  }

  static let examples = [
    Example(name: "hello-world", nodes: ["hello"], mountsVolume: false),
    Example(name: "coin-flip", nodes: ["flip-coin", "heads", "tails"], mountsVolume: false),
    Example(name: "collect-lyon", nodes: ["collect-2009", "collect-2012", "print-results"], mountsVolume: true),
    Example(
      name: "lyon-pipeline", nodes: ["collect-2009-lyon-1er", "load-2012-lyon-8eme", "database-2009", "tile-2012"], mountsVolume: true),
    Example(name: "environment-check", nodes: ["report"], mountsVolume: true),
    Example(name: "proxy-configmap", nodes: ["show-proxy"], mountsVolume: false),
  ]

  @Test("renders YAML and JSON that pass lint and Argo's schema", arguments: examples)
  func rendersAValidManifest(_ example: Example) async throws {
    let process = try ExampleProcess("render-\(example.name)")
    defer { process.remove() }
    let json = try await process.run(example.name, ["--render", "-o", "json"])
    #expect(json.status == 0, "\(json.standardError)")
    #expect(json.standardError.isEmpty, "no lint warning, no note: \(json.standardError)")
    let values = try ManifestReader().values(Array(json.standardOutput.utf8), format: .json)
    #expect(values.count == 1)
    let document = try #require(values.first)
    #expect(SchemaValidator.argo.validate(document: document) == [])

    let yaml = try await process.run(example.name, ["--render", "-o", "yaml"])
    #expect(yaml.status == 0, "\(yaml.standardError)")
    #expect(try ManifestReader().values(Array(yaml.standardOutput.utf8), format: .yaml) == values, "YAML and JSON say the same")
    #expect(try await process.run(example.name, ["--render"]).standardOutput == yaml.standardOutput, "YAML by default")

    // Read strictly, as `argo lint` reads it.
    guard case .workflow(let workflow) = try #require(try ManifestReader().read(yaml.standardOutput).first).manifest else {
      Issue.record("not a Workflow: \(yaml.standardOutput)")
      return
    }
    #expect(workflow.metadata.generateName == "\(example.name)-")
    #expect(workflow.metadata.name == nil)
    #expect(workflow.metadata.namespace == nil, "no Argo Server: no namespace")
    let claims = (workflow.spec.volumes ?? []).compactMap { $0.persistentVolumeClaim?.claimName }
    #expect(claims == (example.mountsVolume ? ["lyon-data"] : []))
    #expect(Linter(options: .submit).lint(.workflow(workflow)).filter { $0.severity >= .warning }.isEmpty)

    let lint = try await process.run(example.name, ["--lint"])
    #expect(lint.status == 0, "\(lint.standardError)")
    #expect(lint.standardOutput == "\(example.name)-…: no errors (Argo's rules)\n")

    let mermaid = try await process.run(example.name, ["--graph"])
    #expect(mermaid.status == 0)
    let dot = try await process.run(example.name, ["--graph", "-o", "dot"])
    #expect(dot.standardOutput.hasPrefix("digraph"), "\(dot.standardOutput)")
    for node in example.nodes {
      #expect(mermaid.standardOutput.contains(node), "\(node) in \(mermaid.standardOutput)")
      #expect(dot.standardOutput.contains(node), "\(node) in \(dot.standardOutput)")
    }
    // Nothing ran.
    #expect(process.runs().isEmpty)
    #expect(!FileManager.default.fileExists(atPath: process.folder.path(".hera")))
  }
}
