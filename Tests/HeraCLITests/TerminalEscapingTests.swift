import ArgoTestSupport
import Foundation
import HeraSession
import Testing

@testable import HeraCLI

/// Issue 13, defect 11: escape sequences in a manifest or a server's message were written raw
/// to the terminal, and an 8 MB value was repeated whole in an error line.
@Suite struct TerminalEscapingTests {
  /// What `write` puts on a pipe.
  func written(_ write: (Terminal) -> Void) throws -> String {
    var descriptors: [Int32] = [0, 0]
    #expect(pipe(&descriptors) == 0)
    write(Terminal(descriptor: descriptors[1]))
    close(descriptors[1])
    let data = FileHandle(fileDescriptor: descriptors[0], closeOnDealloc: true).readDataToEndOfFile()
    return String(decoding: data, as: UTF8.self)
  }

  @Test func textIsEscapedAndDataIsNot() throws {
    let message = "error: the server says: no\u{1B}[2J\u{1B}[1A\rforged\n"
    #expect(try written { $0.write(message) } == "error: the server says: no\\u{1B}[2J\\u{1B}[1A\\u{D}forged\n")
    #expect(try written { $0.write(Array(message.utf8)) } == message)
  }

  static let workflow = """
    apiVersion: argoproj.io/v1alpha1
    kind: Workflow
    metadata: {generateName: escape-}
    spec:
      entrypoint: main
      templates:
      - name: main
        steps:
        - - {name: a, template: "ec\\e[2J\\e[Hho"}
        - - {name: b, template: "LONG"}
      - name: echo
        container: {image: busybox}
    """

  @Test func lintShowsHostileValuesEscapedAndShort() throws {
    let long = String(repeating: "y", count: 1 << 20)
    let result = try Executable.run("hera", ["lint", "-"], input: Self.workflow.replacingOccurrences(of: "LONG", with: long))
    #expect(result.status == 1)
    let output = result.standardOutput + result.standardError
    #expect(!output.unicodeScalars.contains("\u{1B}"))
    #expect(output.contains("ec\\u{1B}[2J\\u{1B}[Hho"), "\(output.prefix(3000))")
    #expect(output.contains("bytes)"))
    #expect(output.split(separator: "\n").allSatisfy { $0.utf8.count < 5_000 })
  }
}
