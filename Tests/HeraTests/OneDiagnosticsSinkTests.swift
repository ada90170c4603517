import ArgoTestSupport
import Foundation
import Testing

/// Issue 14: what the user is told goes through one sink, `HeraSession`'s `Diagnostics`, so that
/// it has one format and one escaping. A new `standardError.write` elsewhere would be a second
/// way, with its own prefix and its own mistakes.
@Suite struct OneDiagnosticsSinkTests {
  /// The files that may write to standard error themselves: the sink and the terminal it writes to.
  static let allowed: Set<String> = ["HeraSession/Diagnostics.swift", "HeraSession/Terminal.swift"]
  /// What writes to standard error past the sink.
  static let forbidden = ["standardError.write", "FileHandle.standardError", "Terminal(descriptor: 2)"]

  /// Whether a line writes to standard error. A child process's pipe of that name
  /// (`process.standardError = pipe`, `result.standardError`) is not a write, nor is a comment;
  /// handing our own standard error to a child (`= FileHandle.standardError`) would let it
  /// write past the sink, and is one.
  static func writesToStandardError(_ line: Substring) -> Bool {
    let code = line.drop(while: { $0 == " " })
    return !code.hasPrefix("//") && forbidden.contains(where: { code.contains($0) })
  }

  @Test func onlyTheSinkWritesToStandardError() throws {
    let sources = Executable.packageRoot.appendingPathComponent("Sources")
    let files = FileManager.default.enumerator(atPath: sources.path)?.compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") } ?? []
    #expect(files.contains("HeraSession/Diagnostics.swift"), "the sink is not where this test looks for it")
    var problems: [String] = []
    // ArgoModel is generated and below the session: it writes nothing. argo-model-gen is a tool
    // of the package's own, which the map lets import nothing: it cannot reach the sink.
    let outside = ["ArgoModel/", "ArgoModelGenerator/"]
    for file in files.sorted() where !outside.contains(where: file.hasPrefix) && !Self.allowed.contains(file) {
      let text = try String(contentsOf: sources.appendingPathComponent(file), encoding: .utf8)
      let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
      for (number, line) in lines.enumerated() where Self.writesToStandardError(line) {
        problems.append("Sources/\(file):\(number + 1): \(line.trimmingCharacters(in: .whitespaces))")
      }
    }
    #expect(problems.isEmpty, "say it through Diagnostics (HeraSession/Diagnostics.swift):\n\(problems.joined(separator: "\n"))")
  }

  @Test func pipesOfChildProcessesAreNotWrites() {
    #expect(Self.writesToStandardError("    process.standardError = FileHandle.standardError"[...]))
    #expect(!Self.writesToStandardError("    process.standardError = errors"[...]))
    #expect(!Self.writesToStandardError("    let said = result.standardError.split(separator: \"\\n\")"[...]))
    #expect(!Self.writesToStandardError("  // Terminal.standardError.write(text) would skip the sink"[...]))
    #expect(Self.writesToStandardError("    Terminal.standardError.write(\"warning: \\(warning)\\n\")"[...]))
    #expect(Self.writesToStandardError("    FileHandle.standardError.write(Data(text.utf8))"[...]))
  }
}
