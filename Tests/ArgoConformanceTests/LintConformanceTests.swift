import ArgoTestSupport
import Foundation
import Testing

/// `hera lint` against the verdicts of Argo's validation tests (`../shared/argo/conformance/lint`),
/// run as a user runs it: each case with the options Argo's test validated with, linted together
/// with the WorkflowTemplates that were in the cluster (only the case's own file counts).
@Suite struct LintConformanceTests {
  /// Cases lint does not agree with, and why. Empty: every case agrees.
  static let disagreements: [String: String] = [:]

  struct Verdict: Sendable {
    var file: String
    var argoValid: Bool
    var argoWords: [String]
    var ourValid: Bool
    var ourWords: [String]
    var skipped: String?
    var agrees: Bool { skipped != nil || argoValid == ourValid }
  }

  @Test func everyVerdictOfArgosValidationTests() async throws {
    let cases = try ArgoCases.objects(ArgoCases.lintFolder.appendingPathComponent("expectations.json"))
    let verdicts = await inParallel(cases.map { SendableCase($0) }, width: 2) { item in Self.verdict(item.fields) }
    var report = [
      "lint: \(verdicts.filter { $0.skipped == nil && $0.agrees }.count) of \(verdicts.filter { $0.skipped == nil }.count) verdicts agree with Argo's"
    ]
    for verdict in verdicts where verdict.skipped != nil {
      report.append("  not checked: \(verdict.file): \(verdict.skipped!)")
    }
    for verdict in verdicts where !verdict.agrees {
      report.append(
        "  DISAGREES: \(verdict.file): Argo says \(verdict.argoValid ? "valid" : "invalid: \(verdict.argoWords.joined(separator: " | "))"); we say \(verdict.ourValid ? "valid" : "invalid: \(verdict.ourWords.joined(separator: " | "))")"
      )
      if let reason = Self.disagreements[verdict.file] { report.append("    known: \(reason)") }
    }
    // Both say invalid: each side's words, to see that they point at the same problem.
    for verdict in verdicts where verdict.skipped == nil && !verdict.argoValid && !verdict.ourValid {
      report.append(
        "  invalid for both: \(verdict.file): Argo: \(verdict.argoWords.joined(separator: " | ")); we: \(verdict.ourWords.first ?? "")")
    }
    print(report.joined(separator: "\n"))
    let unexpected = verdicts.filter { !$0.agrees && Self.disagreements[$0.file] == nil }.map(\.file)
    #expect(unexpected.isEmpty, "lint disagrees with Argo on \(unexpected)")
    let fixed = Self.disagreements.keys.filter { file in verdicts.contains { $0.file == file && $0.agrees } }
    #expect(fixed.isEmpty, "these cases agree now: remove them from the list of disagreements: \(fixed)")
  }

  static func verdict(_ fields: [String: Any]) -> Verdict {
    let file = fields.string("file") ?? ""
    let options = fields.object("options")
    var verdict = Verdict(
      file: file, argoValid: fields["valid"] as? Bool ?? true, argoWords: fields.strings("message_substrings"), ourValid: true, ourWords: []
    )
    if let skip = fields.string("skip") {
      verdict.skipped = skip
      return verdict
    }
    let folder = ArgoCases.lintFolder
    let arguments =
      ["lint"] + options.strings("hera_args") + [folder.appendingPathComponent(file).path]
      + options.strings("deps").map { folder.appendingPathComponent($0).path }
    do {
      let result = try Executable.run("hera", arguments)
      // Only what is said of the case's own file counts, not of the templates beside it.
      let lines = (result.standardOutput + result.standardError).split(separator: "\n").map(String.init)
      let own = lines.filter { $0.contains(file) && $0.contains("error") }
      verdict.ourWords = own
      verdict.ourValid = own.isEmpty
    } catch {
      verdict.ourValid = false
      verdict.ourWords = ["hera lint did not run: \(error)"]
    }
    return verdict
  }
}

/// A case's fields, handed to a task (they are plain JSON values).
struct SendableCase: @unchecked Sendable {
  let fields: [String: Any]
  init(_ fields: [String: Any]) { self.fields = fields }
}
