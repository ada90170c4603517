import ArgoTestSupport
import Foundation
import Testing

/// `hera run` against what Argo's end-to-end tests assert of a run
/// (`../shared/argo/conformance/run`), run as a user runs it. Argo's test images are stood in for:
/// on the host runner by the programs of `Tests/ArgoStandIns` on `PATH` (and `argosay` as the
/// entrypoint of `argoproj/argosay:v2`, `--image-entrypoint`); in podman, for the cases that run
/// the image's own files (`/argosay`, a working folder of the image), by the image
/// `Tests/ArgoStandIns/make-image.sh` builds. Argo's fixtures read manifests leniently, so the
/// runs do too (`--no-strict`).
@Suite struct RunConformanceTests {
  /// Cases a local run does not agree with, and why. Empty: every case agrees.
  static let disagreements: [String: String] = [:]

  static let image = "localhost/hera-argosay:1"

  struct Outcome: Sendable {
    var file: String
    var problems: [String] = []
    var notRun: String?
    var runner = "host"
  }

  @Test func everyOutcomeOfArgosEndToEndTests() async throws {
    let cases = try ArgoCases.objects(ArgoCases.runFolder.appendingPathComponent("expectations.json"))
    let podman = Self.podmanImageIsHere()
    let outcomes = await inParallel(cases.map { SendableCase($0) }, width: 1) { item in Self.outcome(item.fields, podman: podman) }
    let checked = outcomes.filter { $0.notRun == nil }
    var report = [
      "run: \(checked.filter { $0.problems.isEmpty }.count) of \(checked.count) runs agree with Argo's assertions (\(checked.filter { $0.runner == "host" }.count) on the host runner, \(checked.filter { $0.runner == "podman" }.count) in podman)"
    ]
    for outcome in outcomes where outcome.notRun != nil {
      report.append("  not run here: \(outcome.file): \(outcome.notRun!)")
    }
    for outcome in checked where !outcome.problems.isEmpty {
      report.append("  DISAGREES (\(outcome.runner)): \(outcome.file): \(outcome.problems.joined(separator: "; "))")
      if let reason = Self.disagreements[outcome.file] { report.append("    known: \(reason)") }
    }
    print(report.joined(separator: "\n"))
    let unexpected = checked.filter { !$0.problems.isEmpty && Self.disagreements[$0.file] == nil }.map(\.file)
    #expect(unexpected.isEmpty, "a local run disagrees with Argo on \(unexpected)")
    let fixed = Self.disagreements.keys.filter { file in checked.contains { $0.file == file && $0.problems.isEmpty } }
    #expect(fixed.isEmpty, "these cases agree now: remove them from the list of disagreements: \(fixed)")
  }

  /// Whether podman and the stand-in image are here (`.ci/run` makes them).
  static func podmanImageIsHere() -> Bool {
    guard let result = try? Executable.run("/usr/bin/env", ["podman", "image", "exists", image]) else { return false }
    return result.status == 0
  }

  static func outcome(_ fields: [String: Any], podman: Bool) -> Outcome {
    let file = fields.string("file") ?? ""
    var outcome = Outcome(file: file)
    let folder = ArgoCases.runFolder
    let deps = fields.strings("deps").map { folder.appendingPathComponent($0.hasPrefix("deps/") ? $0 : "deps/" + $0).path }
    let text = ([folder.appendingPathComponent(file).path] + deps).compactMap { try? String(contentsOfFile: $0, encoding: .utf8) }.joined()
    let needs = fields.strings("needs")
    // `/argosay` run as a program of the image, not the image's name `argoproj/argosay`.
    let runsImageFiles = text.replacingOccurrences(of: "argoproj/argosay", with: "").contains("/argosay")
    // The image's own files are needed: its /argosay, or a folder of the image.
    if runsImageFiles || needs.contains(where: { $0.hasPrefix("host-limit") }) {
      guard podman else {
        outcome.notRun =
          "runs the image's own files (\(runsImageFiles ? "/argosay" : needs.joined(separator: ", "))): needs podman and \(image) (Tests/ArgoStandIns/make-image.sh)"
        return outcome
      }
      outcome.runner = "podman"
    }
    guard let work = try? Executable.temporaryDirectory() else {
      outcome.problems = ["no temporary folder"]
      return outcome
    }
    defer { try? FileManager.default.removeItem(at: work) }
    var arguments = ["run", folder.appendingPathComponent(file).path] + deps.flatMap { ["--resources", $0] }
    arguments += ["--work-dir", work.path, "--no-strict", "--progress", "none", "-o", "json"]
    if outcome.runner == "podman" {
      arguments += ["--runner", "podman", "--image-map", "argoproj/argosay:v2=\(image)", "--image-map", "argoproj/argosay:v1=\(image)"]
    } else {
      arguments += [
        "--runner", "host", "--image-entrypoint", "argoproj/argosay:v2=\(ArgoCases.standIns.appendingPathComponent("argosay").path)",
        "--image-entrypoint", "argoproj/argosay:v1=\(ArgoCases.standIns.appendingPathComponent("cowsay").path)",
      ]
    }
    var environment = ProcessInfo.processInfo.environment
    environment["PATH"] = ArgoCases.standIns.path + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
    let result: Executable.Result
    do {
      result = try Executable.run("hera", arguments, environment: environment)
    } catch {
      outcome.problems = ["hera run did not start: \(error)"]
      return outcome
    }
    guard let data = result.standardOutput.data(using: .utf8),
      let workflow = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
    else {
      outcome.problems = ["no workflow at the end (exit \(result.status)): \(result.standardError.suffix(400))"]
      return outcome
    }
    outcome.problems = problems(of: workflow, against: fields)
    return outcome
  }

  /// What Argo's test asserts that the run does not show.
  static func problems(of workflow: [String: Any], against fields: [String: Any]) -> [String] {
    var problems: [String] = []
    let status = workflow.object("status")
    let nodes = Array(status.object("nodes").values.compactMap { $0 as? [String: Any] })
    let message = status.string("message") ?? ""
    func named(_ displayName: String) -> [[String: Any]] { nodes.filter { $0.string("displayName") == displayName } }

    if let phase = fields.string("phase"), status.string("phase") != phase {
      problems.append("the workflow is \(status.string("phase") ?? "without a phase") (\(message)), Argo's is \(phase)")
    }
    for (name, phase) in fields.object("nodes") {
      let found = named(name).compactMap { $0.string("phase") }
      if !found.contains(phase as? String ?? "") {
        problems.append("node \(name) is \(found.isEmpty ? "absent" : found.joined(separator: ", ")), Argo's is \(phase)")
      }
    }
    for (name, text) in fields.object("node_messages") {
      let found = named(name).compactMap { $0.string("message") }
      if !found.contains(where: { $0.contains(text as? String ?? "") }) {
        problems.append("node \(name) says \(found), Argo's says \(text)")
      }
    }
    for rule in fields.objects("node_rules") {
      let phase = rule.string("phase") ?? ""
      let matching = nodes.filter { node in
        let name = node.string("name") ?? ""
        if let part = rule.string("contains") { return name.contains(part) }
        if let whole = rule.string("equals") { return name == whole }
        if rule["onexit"] as? Bool == true { return (node.string("displayName") ?? "").hasSuffix(".onExit") }
        return false
      }
      if matching.isEmpty { problems.append("no node for \(rule)") }
      for node in matching where node.string("phase") != phase {
        problems.append("node \(node.string("name") ?? "") is \(node.string("phase") ?? ""), Argo's is \(phase)")
      }
    }
    for text in fields.strings("workflow_message") where !message.contains(text) {
      problems.append("the workflow says \"\(message)\", Argo's says \"\(text)\"")
    }
    if fields["workflow_message_empty"] as? Bool == true, !message.isEmpty {
      problems.append("the workflow says \"\(message)\", Argo's says nothing")
    }
    if let progress = fields.string("progress"), status.string("progress") != progress {
      problems.append("progress \(status.string("progress") ?? "none"), Argo's \(progress)")
    }
    if let count = fields["node_count"] as? Int, nodes.count != count { problems.append("\(nodes.count) nodes, Argo's \(count)") }
    if let text = fields.string("any_node_error_message"), !nodes.contains(where: { ($0.string("message") ?? "").contains(text) }) {
      problems.append("no node says \"\(text)\"")
    }
    for (name, value) in fields.object("node_inputs") {
      let inputs = named(name).map { node in node.object("inputs").objects("parameters").compactMap { $0.string("value") } }
      if !inputs.contains(where: { $0.contains(value as? String ?? "") }) {
        problems.append("the inputs of \(name) are \(inputs), Argo's hold \(value)")
      }
    }
    if let output = fields.string("root_output") {
      let root = nodes.first { $0.string("name") == workflow.object("metadata").string("name") }
      let values = root?.object("outputs").objects("parameters").compactMap { $0.string("value") } ?? []
      if !values.contains(where: { $0.contains(output) }) { problems.append("the workflow's node outputs \(values), Argo's \(output)") }
    }
    if fields["memo_hit"] as? Bool == true, !nodes.contains(where: { $0.object("memoizationStatus")["hit"] as? Bool == true }) {
      problems.append("no node was a memoization hit")
    }
    return problems
  }
}
