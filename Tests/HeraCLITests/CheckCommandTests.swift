import ArgoTestSupport
import Foundation
import HeraTestServers
import Testing

/// `hera check` and `hera config` against stand-in Argo Servers on 127.0.0.1: one diagnosis and
/// one exit code per cause, and the token in no output.
@Suite struct CheckCommandTests {
  static let secret = "v2:eyJhbGciOiJSUzI1NiJ9.lyon-secret-token-value"
  let authority: TestCertificateAuthority
  let certificate: TestCertificateAuthority.Issued
  let folder: TemporaryFolder
  let caFile: String

  init() throws {
    authority = try TestCertificateAuthority()
    certificate = try authority.serverCertificate()
    folder = try TemporaryFolder(prefix: "hera-check")
    caFile = try folder.write("ca.crt", authority.certificatePEM)
  }

  func argo(basePath: String = "", failure: Int? = nil, tls: Bool = true) async throws -> ArgoServerStandIn {
    var settings = ArgoServerStandIn.Settings()
    settings.acceptedAuthorizations = ["Bearer \(CheckCommandTests.secret)"]
    settings.namespaces = ["lyon"]
    settings.basePath = basePath
    settings.failureStatus = failure
    let mode: TestHTTPServer.Mode = tls ? .https(certificatePEM: certificate.certificatePEM, keyPEM: certificate.keyPEM) : .plainHTTP
    return try await ArgoServerStandIn(mode: mode, settings: settings)
  }

  /// Runs `hera ARGUMENTS` with a clean environment: no config file, no kubeconfig.
  func hera(_ arguments: [String], environment: [String: String] = [:]) async throws -> Executable.Result {
    var full = ["HOME": folder.path("home"), "KUBECONFIG": folder.path("no-kubeconfig"), "PATH": "/usr/bin:/bin"]
    full.merge(environment) { $1 }
    let result = try await Executable.launch("hera", arguments, in: folder.url, environment: full)
    #expect(!result.standardOutput.contains("lyon-secret-token-value"), "the token leaked to standard output")
    #expect(!result.standardError.contains("lyon-secret-token-value"), "the token leaked to standard error")
    return result
  }

  var goodEnvironment: [String: String] { ["ARGO_TOKEN": "Bearer \(CheckCommandTests.secret)", "ARGO_NAMESPACE": "lyon"] }

  @Test func passesWhenEverythingIsRight() async throws {
    defer { folder.remove() }
    let server = try await argo()
    defer { Task { await server.stop() } }
    let result = try await hera(
      ["check", "--argo-server", "127.0.0.1:\(server.server.port)", "--argo-ca-file", caFile], environment: goodEnvironment)
    #expect(result.status == 0, "\(result.standardOutput)\(result.standardError)")
    #expect(result.standardOutput.contains("✔ reachable: Argo Server v4.1.2"))
    #expect(
      result.standardOutput.contains(
        "✔ authorised: the token (environment ARGO_TOKEN) may list workflows in namespace lyon (environment ARGO_NAMESPACE)"))
  }

  @Test func diagnosesEachFailureWithItsExitCode() async throws {
    defer { folder.remove() }
    let server = try await argo()
    let plain = try await argo(tls: false)
    let behindIngress = try await argo(basePath: "/argo")
    let failing = try await argo(failure: 503)
    let silent = try await TestHTTPServer(mode: .silent) { _ in .json(200, "{}") }
    let closed = try await TestHTTPServer(mode: .plainHTTP) { _ in .json(200, "{}") }
    let closedPort = closed.port
    await closed.stop()
    defer {
      Task {
        for standIn in [server, plain, behindIngress, failing] { await standIn.stop() }
        await silent.stop()
      }
    }
    let port = server.server.port
    let cases: [(arguments: [String], environment: [String: String], exitCode: Int32, expected: String)] = [
      (["check", "--argo-server", "argo.hera-test.invalid:2746"], goodEnvironment, 3, "does not resolve"),
      (["check", "--argo-server", "127.0.0.1:\(closedPort)"], goodEnvironment, 4, "connection refused"),
      (["check", "--argo-server", "http://127.0.0.1:\(silent.port)", "--timeout", "2"], goodEnvironment, 5, "did not answer in time"),
      (["check", "--argo-server", "127.0.0.1:\(port)"], goodEnvironment, 6, "--argo-ca-file"),
      (["check", "--argo-server", "127.0.0.1:\(port)", "--no-secure"], goodEnvironment, 7, "speaks HTTPS, not plain HTTP"),
      (
        ["check", "--argo-server", "127.0.0.1:\(plain.server.port)", "--argo-ca-file", caFile], goodEnvironment, 7,
        "speaks plain HTTP, not HTTPS"
      ),
      (
        ["check", "--argo-server", "127.0.0.1:\(port)", "--argo-ca-file", caFile],
        ["ARGO_TOKEN": "Bearer v2:expired", "ARGO_NAMESPACE": "lyon"], 8, "copy a fresh token in the Argo UI"
      ),
      (["check", "--argo-server", "127.0.0.1:\(port)", "--argo-ca-file", caFile], ["ARGO_NAMESPACE": "lyon"], 8, "no token is configured"),
      (["check", "--argo-server", "127.0.0.1:\(port)", "--argo-ca-file", caFile, "--argo-namespace", "paris"], goodEnvironment, 9, "RBAC"),
      (
        ["check", "--argo-server", "127.0.0.1:\(behindIngress.server.port)", "--argo-ca-file", caFile], goodEnvironment, 10,
        "--argo-base-href"
      ),
      (["check", "--argo-server", "127.0.0.1:\(failing.server.port)", "--argo-ca-file", caFile], goodEnvironment, 11, "503"),
      (["check"], goodEnvironment, 2, "no Argo Server is configured"),
      (["check", "--argo-server", "http://https://127.0.0.1"], goodEnvironment, 2, "two schemes"),
    ]
    for (arguments, environment, exitCode, expected) in cases {
      let started = Date()
      let result = try await hera(arguments, environment: environment)
      print(
        "check \(arguments.dropFirst().joined(separator: " ")): exit \(result.status) in \(Int(Date().timeIntervalSince(started) * 1000)) ms"
      )
      #expect(result.status == exitCode, "\(arguments): \(result.standardOutput)\(result.standardError)")
      #expect(
        (result.standardOutput + result.standardError).contains(expected), "\(arguments): \(result.standardOutput)\(result.standardError)")
    }
    // The base href makes the server behind the ingress path work; -k skips verification, with a warning.
    let withBase = try await hera(
      ["check", "--argo-server", "127.0.0.1:\(behindIngress.server.port)", "--argo-base-href", "/argo", "--argo-ca-file", caFile],
      environment: goodEnvironment)
    #expect(withBase.status == 0, "\(withBase.standardOutput)")
    let insecure = try await hera(["check", "--argo-server", "127.0.0.1:\(port)", "-k"], environment: goodEnvironment)
    #expect(insecure.status == 0)
    #expect(insecure.standardError.contains("TLS verification of the Argo Server is off"))
  }

  @Test func checksTheClusterAndTheExecutionEnvironment() async throws {
    defer { folder.remove() }
    let server = try await argo()
    var state = KubernetesStandIn.State()
    state.tokens = ["kube-token"]
    state.workflowNamespaces = ["lyon"]
    state.claims = ["lyon/lyon-data": ("Bound", ["ReadWriteMany"])]
    state.configMaps = ["lyon/http-proxy": ["http_proxy"]]
    let kube = try await KubernetesStandIn(
      mode: .https(certificatePEM: certificate.certificatePEM, keyPEM: certificate.keyPEM), state: state)
    defer {
      Task {
        await server.stop()
        await kube.stop()
      }
    }
    let kubeconfig = try folder.write(
      "kube/config",
      """
      current-context: lab
      clusters: [{name: lab, cluster: {server: "\(kube.url)", insecure-skip-tls-verify: true}}]
      users: [{name: lab, user: {token: kube-token}}]
      contexts: [{name: lab, context: {cluster: lab, user: lab, namespace: lyon}}]
      """)
    let arguments = [
      "check", "--argo-server", "127.0.0.1:\(server.server.port)", "--argo-ca-file", caFile, "--kubeconfig", kubeconfig, "--cluster",
      "--pvc", "lyon-data", "--configmap", "http-proxy:http_proxy",
    ]
    let passing = try await hera(arguments, environment: ["ARGO_TOKEN": "Bearer \(CheckCommandTests.secret)"])
    #expect(passing.status == 0, "\(passing.standardOutput)")
    #expect(
      passing.standardOutput.contains("Kubernetes \(kube.url)/ (kubeconfig context \"lab\")")
        || passing.standardOutput.contains("Kubernetes \(kube.url) (kubeconfig context \"lab\")"))
    #expect(passing.standardOutput.contains("✔ PersistentVolumeClaim lyon-data: Bound"))
    let failing = try await hera(
      arguments + ["--configmap", "http-proxy:https_proxy"], environment: ["ARGO_TOKEN": "Bearer \(CheckCommandTests.secret)"])
    #expect(failing.status == 12)
    #expect(failing.standardOutput.contains("lacks the key https_proxy"))
  }

  @Test func showsTheSettingsWithTheirSources() async throws {
    defer { folder.remove() }
    try folder.write(
      "hera.config", "argo_server = 'argo.lyon.example:443'\nargo_token = 'Bearer \(CheckCommandTests.secret)'\n", permissions: 0o600)
    let result = try await hera(["config"], environment: ["ARGO_NAMESPACE": "lyon"])
    #expect(result.status == 0)
    #expect(result.standardOutput.contains("argo server           https://argo.lyon.example"))
    #expect(result.standardOutput.contains("Bearer v2:… (redacted, \(CheckCommandTests.secret.count) chars)"))
    #expect(result.standardOutput.contains("file \(folder.path("hera.config")):2"))
    #expect(result.standardOutput.contains("environment ARGO_NAMESPACE"))
    let json = try await hera(["config", "-o", "json", "--argo_server", "argo.example"], environment: [:])
    #expect(json.standardOutput.contains(#""source": "flag --argo-server""#))
    let flagged = try await hera(["config", "--argo-token", "Bearer \(CheckCommandTests.secret)"], environment: [:])
    #expect(flagged.standardError.contains("--argo-token puts the token in the process list"))
  }
}
