import ArgoTestSupport
import Foundation
import HeraTestServers
import Testing

/// Every `hera` verb that talks to the Argo Server, run as a user runs it, against the
/// stand-in server over TLS on 127.0.0.1.
@Suite struct ServerCommandTests {
  static let token = "Bearer v2:lyon-secret-token-value"

  let folder: TemporaryFolder
  let server: ArgoServerSimulator
  let caFile: String

  init() async throws {
    folder = try TemporaryFolder(prefix: "hera-server")
    var settings = ArgoServerSimulator.Settings()
    settings.acceptedAuthorizations = [ServerCommandTests.token]
    settings.namespaces = ["lyon"]
    settings.archivePolicy = .whenFinished
    server = try await ArgoServerSimulator(settings: settings)
    caFile = try folder.write("ca.crt", server.certificateAuthorityPEM ?? "")
  }

  /// Runs `hera ARGUMENTS` with the server's settings in the environment (no config file, no
  /// kubeconfig), and checks that the token appears in no output.
  func hera(_ arguments: [String], environment: [String: String] = [:], input: String? = nil) async throws -> Executable.Result {
    var full = [
      "HOME": folder.path("home"), "KUBECONFIG": folder.path("no-kubeconfig"), "PATH": "/usr/bin:/bin", "ARGO_SERVER": server.url,
      "ARGO_TOKEN": ServerCommandTests.token, "ARGO_NAMESPACE": "lyon",
    ]
    full.merge(environment) { $1 }
    let result = try await Executable.launch(
      "hera", arguments + ["--argo-ca-file", caFile], input: input, in: folder.url, environment: full)
    #expect(!result.standardOutput.contains("lyon-secret-token-value"), "the token leaked to standard output")
    #expect(!result.standardError.contains("lyon-secret-token-value"), "the token leaked to standard error")
    return result
  }

  static let collect = """
    apiVersion: argoproj.io/v1alpha1
    kind: Workflow
    metadata:
      generateName: collect-
    spec:
      entrypoint: main
      arguments:
        parameters:
          - name: vintage
            value: "2009"
      templates:
        - name: main
          dag:
            tasks:
              - name: fetch
                template: work
              - name: tile
                template: work
                dependencies: [fetch]
              - name: publish
                template: work
                dependencies: [tile]
        - name: work
          container:
            image: alpine:3.20
            command: [echo, "{{workflow.parameters.vintage}}"]

    """

  func write(_ name: String, _ text: String) throws -> String {
    try folder.write(name, text)
  }

  func names() async -> [String] {
    await server.workflows(namespace: "lyon").compactMap { $0["metadata"]?["name"]?.stringValue }
  }

  @Test func submitsWatchesAndExitsWithTheOutcome() async throws {
    defer { folder.remove() }
    let file = try write("collect.yaml", Self.collect)
    await server.autoAdvance(every: .milliseconds(20))
    let watched = try await hera(["submit", file, "--watch"])
    #expect(watched.status == 0, "\(watched.standardError)")
    #expect(watched.standardOutput.contains("Name:"))
    #expect(watched.standardOutput.contains("3/3 succeeded"))
    #expect(await names().count == 1)

    // A failing workflow: exit 1, its failed node's message shown.
    let failing = try write(
      "failing.yaml",
      Self.collect.replacingOccurrences(
        of: "generateName: collect-", with: "generateName: collect-\n  annotations:\n    simulator.hera/fail: tile"))
    let failed = try await hera(["submit", failing, "--wait"])
    #expect(failed.status == 1)
    #expect(failed.standardOutput.contains("Failed"))

    let named = try await hera(["submit", file, "-o", "name"])
    #expect(named.status == 0)
    #expect(named.standardOutput.hasPrefix("collect-"))
    #expect(named.standardOutput.split(separator: "\n").count == 1)
    await server.stop()
  }

  @Test func lintsBeforeSubmittingAndSubmitsNothingInvalid() async throws {
    defer { folder.remove() }
    let broken = try write("broken.yaml", Self.collect.replacingOccurrences(of: "dependencies: [tile]", with: "dependencies: [tyle]"))
    let result = try await hera(["submit", broken])
    #expect(result.status == 1)
    #expect(result.standardError.contains("broken.yaml:"))
    #expect(result.standardError.contains("tyle"))
    #expect(result.standardError.contains("nothing was submitted"))
    #expect(await server.creations == 0)
    // Without local lint, the server refuses it with its own words, and exit 1.
    let unchecked = try await hera(["submit", broken, "--no-lint"])
    #expect(unchecked.status == 1)
    #expect(unchecked.standardError.contains("400"))
    #expect(await server.creations == 0)
    // A WorkflowTemplate is not submitted: the command that takes it is named.
    let template = try write(
      "template.yaml",
      Self.collect.replacingOccurrences(of: "kind: Workflow", with: "kind: WorkflowTemplate").replacingOccurrences(
        of: "generateName: collect-", with: "name: collect"))
    let wrongKind = try await hera(["submit", template])
    #expect(wrongKind.status == 1)
    #expect(wrongKind.standardError.contains("hera template create"))
    await server.stop()
  }

  @Test func parametersOverrideArgumentsAndTyposAreWarned() async throws {
    defer { folder.remove() }
    let file = try write("collect.yaml", Self.collect)
    let result = try await hera(["submit", file, "-p", "vintage=2012", "-p", "vintgae=2015", "-o", "json", "--server-dry-run"])
    #expect(result.status == 0, "\(result.standardError)")
    #expect(result.standardError.contains("did you mean vintage?"))
    #expect(result.standardOutput.contains("\"2012\""))
    #expect(await server.creations == 0)
    let parameters = try write("values.yaml", "vintage: 2015\n")
    let fromFile = try await hera(["submit", file, "-f", parameters, "-o", "yaml", "--server-dry-run"])
    #expect(fromFile.standardOutput.contains("value: '2015'") || fromFile.standardOutput.contains("value: \"2015\""))
    await server.stop()
  }

  @Test func listsGetsAndActsOnWorkflows() async throws {
    defer { folder.remove() }
    let file = try write("collect.yaml", Self.collect)
    let first = try await hera(["submit", file, "-o", "name"]).standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
    #expect(await server.runUntilFinished(first, namespace: "lyon") == "Succeeded")
    for _ in 0..<2 { #expect(try await hera(["submit", file, "-o", "name"]).status == 0) }
    let all = [first] + (await names()).filter { $0 != first }
    #expect(all.count == 3)

    let table = try await hera(["list"])
    #expect(table.status == 0)
    #expect(table.standardOutput.hasPrefix("NAME"))
    #expect(all.allSatisfy { table.standardOutput.contains($0) })
    let completed = try await hera(["list", "--completed", "-o", "name"])
    #expect(completed.standardOutput == all[0] + "\n")
    let running = try await hera(["list", "--running", "-o", "name"])
    #expect(Set(running.standardOutput.split(separator: "\n").map(String.init)) == Set(all.dropFirst()))
    let badStatus = try await hera(["list", "--status", "Suceeded"])
    #expect(badStatus.status != 0)
    #expect(badStatus.standardError.contains("did you mean Succeeded?"))

    let got = try await hera(["get", all[0]])
    #expect(got.status == 0)
    #expect(got.standardOutput.contains("Succeeded"))
    #expect(got.standardOutput.contains("publish"))
    let yaml = try await hera(["get", all[0], "-o", "yaml"])
    #expect(yaml.standardOutput.contains("kind: Workflow"))
    let missing = try await hera(["get", "nothing-here"])
    #expect(missing.status == 10)
    #expect(missing.standardError.contains("not found"))

    #expect(try await hera(["suspend", all[1]]).standardOutput.contains("suspended"))
    #expect(try await hera(["resume", all[1]]).standardOutput.contains("resumed"))
    #expect(try await hera(["stop", all[1], "--message", "enough"]).status == 0)
    #expect(try await hera(["terminate", all[2]]).standardOutput.contains("terminated"))
    _ = await server.runUntilFinished(all[2], namespace: "lyon")
    let watchFailed = try await hera(["watch", all[2], "--progress", "plain"])
    #expect(watchFailed.status == 1)
    let retried = try await hera(["retry", all[2]])
    #expect(retried.status == 0, "\(retried.standardError)")
    await server.autoAdvance(every: .milliseconds(20))
    let watched = try await hera(["watch", all[2]])
    #expect(watched.status == 0, "\(watched.standardOutput)\(watched.standardError)")
    let resubmitted = try await hera(["resubmit", all[0], "--wait", "-o", "name"])
    #expect(resubmitted.status == 0)

    let deleted = try await hera(["delete", "--completed"])
    #expect(deleted.status == 0)
    #expect(deleted.standardOutput.contains("deleted"))
    let remaining = await server.workflows(namespace: "lyon").filter {
      ["Succeeded", "Failed", "Error"].contains($0["status"]?["phase"]?.stringValue ?? "")
    }
    #expect(remaining.isEmpty)
    await server.stop()
  }

  @Test func printsLogs() async throws {
    defer { folder.remove() }
    let file = try write("collect.yaml", Self.collect)
    let name = try await hera(["submit", file, "-o", "name"]).standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
    await server.autoAdvance(every: .milliseconds(20))
    let followed = try await hera(["logs", name, "-f"])
    #expect(followed.status == 0, "\(followed.standardError)")
    let expected = await server.logLines(of: name, namespace: "lyon").filter { $0.container == "main" }
    #expect(followed.standardOutput.split(separator: "\n").count == expected.count)
    for line in expected { #expect(followed.standardOutput.contains("\(line.podName): \(line.content)")) }
    let grepped = try await hera(["logs", name, "--grep", "step 1 of", "--no-prefix"])
    #expect(!grepped.standardOutput.isEmpty)
    #expect(grepped.standardOutput.split(separator: "\n").allSatisfy { $0.contains("step 1 of") })
    let pod = try #require(expected.first?.podName)
    let one = try await hera(["logs", name, pod])
    #expect(one.standardOutput.split(separator: "\n").allSatisfy { $0.hasPrefix(pod + ":") })
    await server.stop()
  }

  @Test func templatesClusterTemplatesAndCronWorkflows() async throws {
    defer { folder.remove() }
    let template = try write(
      "template.yaml",
      Self.collect.replacingOccurrences(of: "kind: Workflow", with: "kind: WorkflowTemplate").replacingOccurrences(
        of: "generateName: collect-", with: "name: collect"))
    #expect(try await hera(["template", "create", template]).standardOutput.contains("WorkflowTemplate 'collect' created"))
    let again = try await hera(["template", "create", template])
    #expect(again.status == 1)
    #expect(again.standardError.contains("already exists"))
    let applied = try await hera(["template", "apply", template])
    #expect(applied.standardOutput.contains("WorkflowTemplate 'collect' updated"), "\(applied.standardError)")
    #expect(try await hera(["template", "list"]).standardOutput.contains("collect"))
    #expect(try await hera(["template", "get", "collect"]).standardOutput.contains("Entrypoint:"))
    #expect(try await hera(["template", "lint", template]).status == 0)
    await server.autoAdvance(every: .milliseconds(20))
    let fromTemplate = try await hera(["submit", "--from", "workflowtemplate/collect", "-p", "vintage=2012", "--wait"])
    #expect(fromTemplate.status == 0, "\(fromTemplate.standardError)")
    let badFrom = try await hera(["submit", "--from", "workflowtemplates"])
    #expect(badFrom.status != 0)
    #expect(try await hera(["template", "delete", "collect"]).standardOutput.contains("deleted"))
    #expect(try await hera(["template", "get", "collect"]).status == 10)

    let cluster = try write(
      "cluster.yaml",
      try String(contentsOfFile: template, encoding: .utf8).replacingOccurrences(
        of: "kind: WorkflowTemplate", with: "kind: ClusterWorkflowTemplate"))
    #expect(try await hera(["cluster-template", "apply", cluster]).standardOutput.contains("created"))
    #expect(try await hera(["cluster-template", "list", "-o", "name"]).standardOutput == "collect\n")
    #expect(try await hera(["cluster-template", "get", "collect"]).standardOutput.contains("Templates:"))
    #expect(try await hera(["cluster-template", "lint", cluster]).status == 0)
    #expect(try await hera(["cluster-template", "create", cluster]).status == 1)
    let fromCluster = try await hera(["submit", "--from", "cwftmpl/collect", "--server-dry-run", "-o", "name"])
    #expect(fromCluster.status == 0, "\(fromCluster.standardError)")
    #expect(try await hera(["cluster-template", "delete", "collect"]).standardOutput.contains("deleted"))

    let cron = try write(
      "cron.yaml",
      """
      apiVersion: argoproj.io/v1alpha1
      kind: CronWorkflow
      metadata:
        name: nightly
      spec:
        schedules: ["0 2 * * *"]
        workflowSpec:
          entrypoint: main
          templates:
            - name: main
              container:
                image: alpine:3.20
                command: [echo, hello]

      """)
    #expect(try await hera(["cron", "lint", cron]).status == 0)
    #expect(try await hera(["cron", "create", cron]).status == 0)
    #expect(try await hera(["cron", "apply", cron]).standardOutput.contains("CronWorkflow 'nightly' updated"))
    let badCron = try write(
      "bad-cron.yaml", try String(contentsOfFile: cron, encoding: .utf8).replacingOccurrences(of: "0 2 * * *", with: "0 25 * * *"))
    let refusedCron = try await hera(["cron", "apply", badCron])
    #expect(refusedCron.status == 1)
    #expect(refusedCron.standardError.contains("bad-cron.yaml:"))
    #expect(try await hera(["cron", "suspend", "nightly"]).standardOutput.contains("suspended"))
    let listed = try await hera(["cron", "list"])
    #expect(listed.standardOutput.contains("0 2 * * *"))
    #expect(listed.standardOutput.contains("true"))
    #expect(try await hera(["cron", "resume", "nightly"]).standardOutput.contains("resumed"))
    #expect(try await hera(["cron", "get", "nightly", "-o", "json"]).standardOutput.contains("\"schedules\""))
    #expect(try await hera(["cron", "delete", "nightly"]).status == 0)
    await server.stop()
  }

  @Test func failuresHaveTheirExitCodes() async throws {
    defer { folder.remove() }
    let refused = try await hera(["list"], environment: ["ARGO_TOKEN": "Bearer v2:expired"])
    #expect(refused.status == 8)
    #expect(refused.standardError.contains("refused the token"))
    let forbidden = try await hera(["list", "-n", "paris"])
    #expect(forbidden.status == 9)
    let noServer = try await hera(["list"], environment: ["ARGO_SERVER": ""])
    #expect(noServer.status == 2)
    #expect(noServer.standardError.contains("no Argo Server is configured"))
    // --request-timeout bounds a call, its retries included: a list that is not answered in
    // 2 s ends there, after one request, and says how to give the server longer.
    await server.inject(.delay(.seconds(8)), method: "GET", path: "/api/v1/workflows/lyon", times: 1)
    let before = await server.requests.filter { $0.method == "GET" && $0.path == "/api/v1/workflows/lyon" }.count
    let late = try await hera(["list", "--request-timeout", "2s"])
    #expect(late.status == 5, "\(late.standardError)")
    #expect(late.standardError.contains("did not answer in time"))
    #expect(late.standardError.contains("--request-timeout"))
    #expect(await server.requests.filter { $0.method == "GET" && $0.path == "/api/v1/workflows/lyon" }.count == before + 1)
    let badLimit = try await hera(["list", "--request-timeout", "soon"])
    #expect(badLimit.status == 2)
    #expect(badLimit.standardError.contains("the request timeout soon (flag --request-timeout) is not a duration"))
    await server.inject(.unavailable(), path: "/api/v1/workflows/lyon", times: 10)
    let unavailable = try await hera(["list"])
    #expect(unavailable.status == 11)
    #expect(unavailable.standardError.contains("503"))
    await server.stop()
  }
}
