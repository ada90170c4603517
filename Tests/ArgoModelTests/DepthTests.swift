import ArgoTestSupport
import Foundation
import Testing

@testable import ArgoModel

/// Documents nested as deeply as the reader accepts are read, written and compared without
/// exhausting even a small thread stack.
@Suite struct DepthTests {
  /// A workflow whose DAG task holds an inline template holding a DAG task ... `levels` deep.
  static func nestedWorkflow(levels: Int) -> String {
    var inline = "{container: {image: busybox}}"
    for level in 0..<levels {
      inline = "{dag: {tasks: [{name: t\(level), inline: \(inline)}]}}"
    }
    return
      "apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nmetadata: {name: deep}\nspec:\n  templates:\n  - name: main\n    dag: {tasks: [{name: root, inline: \(inline)}]}\n"
  }

  /// Runs `body` on a thread with a 512 KiB stack, the size of secondary threads on macOS.
  func onSmallStack(_ body: @escaping @Sendable () -> Void) {
    let done = DispatchSemaphore(value: 0)
    let thread = Thread {
      body()
      done.signal()
    }
    thread.stackSize = 512 << 10
    thread.start()
    done.wait()
  }

  @Test func deepestAcceptedDocumentFitsASmallStack() {
    // Each level of inline template is four levels of YAML nesting: 29 levels are 125 deep,
    // just under the limit of 128.
    let text = DepthTests.nestedWorkflow(levels: 29)
    onSmallStack {
      do {
        let documents = try ManifestReader().read(text)
        let manifest = documents[0].manifest
        for format in [ManifestFormat.yaml, .json] {
          let written = ManifestWriter(format: format).bytes([manifest])
          let again = try ManifestReader().read(written).map(\.manifest)
          #expect(again == [manifest])
          _ = again.hashValue
        }
      } catch {
        Issue.record("\(error)")
      }
    }
  }

  @Test func deeperDocumentsAreRefused() {
    let text = DepthTests.nestedWorkflow(levels: 30)
    #expect {
      _ = try ManifestReader().read(text)
    } throws: { error in
      (error as? ManifestError)?.code == .limitExceeded
    }
  }
}
