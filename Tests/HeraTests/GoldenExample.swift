import ArgoTestSupport
import Foundation
import Hera
import Testing

/// A workflow of Hera's examples, written with the Swift DSL, and the YAML Hera renders it to.
struct GoldenExample: Sendable, CustomTestStringConvertible {
  /// The golden file, relative to `../shared/hera-examples`.
  let golden: String
  let build: @Sendable () -> Manifest

  init(_ golden: String, build: @escaping @Sendable () -> Manifest) {
    self.golden = golden
    self.build = build
  }

  init(_ golden: String, workflow: @escaping @Sendable () -> Workflow) {
    self.init(golden) { .workflow(workflow()) }
  }

  var testDescription: String { golden }
}

/// Every example written so far, by folder.
enum Examples {
  static var all: [GoldenExample] {
    dags + loops + upstreamDAGs + upstreamSteps + heraFolders + upstreamByTopic
  }
}
