import Foundation
import HTTPTransport
import HeraTestServers
import HeraUtils
import Kubernetes
import Testing

/// Kubeconfig merging and every way of proving who we are, against a Kubernetes API stand-in
/// on 127.0.0.1 over TLS with certificates made for the test.
@Suite struct KubernetesAccessTests {
  let authority: TestCertificateAuthority
  let serverCertificate: TestCertificateAuthority.Issued
  let folder: TemporaryFolder
  let caData: String

  init() throws {
    authority = try TestCertificateAuthority()
    serverCertificate = try authority.serverCertificate()
    folder = try TemporaryFolder(prefix: "hera-kube")
    caData = Data(authority.certificatePEM.utf8).base64EncodedString()
  }

  func standIn(clientCertificates: Bool = false, _ configure: (inout KubernetesStandIn.State) -> Void) async throws -> KubernetesStandIn {
    var state = KubernetesStandIn.State()
    configure(&state)
    state.acceptsClientCertificates = clientCertificates
    let mode = TestHTTPServer.Mode.https(
      certificatePEM: serverCertificate.certificatePEM, keyPEM: serverCertificate.keyPEM,
      clientCAPEM: clientCertificates ? authority.certificatePEM : nil)
    return try await KubernetesStandIn(mode: mode, state: state)
  }

  func kubeconfig(server: String, user: String, namespace: String = "lyon") -> String {
    """
    apiVersion: v1
    kind: Config
    current-context: lab
    clusters:
    - name: lab
      cluster:
        server: \(server)
        certificate-authority-data: \(caData)
    contexts:
    - name: lab
      context: {cluster: lab, user: scientist, namespace: \(namespace)}
    users:
    - name: scientist
      user:
    \(user.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n"))
    """
  }

  func version(_ access: KubernetesAccess, environment: [String: String] = ProcessInfo.processInfo.environment) async -> Result<
    String, KubernetesError
  > {
    let client = KubernetesClient(access: access, environment: environment)
    defer { Task { await client.shutdown() } }
    do {
      return .success(try await client.version())
    } catch {
      return .failure(error)
    }
  }

  @Test func mergesFilesAsKubectlDoes() throws {
    defer { folder.remove() }
    let first = try folder.write(
      "first/config",
      """
      current-context: one
      clusters: [{name: shared, cluster: {server: "https://first.example", certificate-authority: ca.crt}}]
      users: [{name: alice, user: {token: first}}]
      contexts: [{name: one, context: {cluster: shared, user: alice}}]
      """)
    let second = try folder.write(
      "second/config",
      """
      current-context: two
      clusters: [{name: shared, cluster: {server: "https://second.example"}}, {name: other, cluster: {server: "https://other.example"}}]
      users: [{name: alice, user: {token: second}}, {name: bob, user: {tokenFile: bob.token}}]
      contexts: [{name: two, context: {cluster: other, user: bob, namespace: b}}]
      """)
    let merged = try KubeConfig.load(paths: [folder.path("missing/config"), first, second])
    #expect(merged.currentContext == "one", "the first file to set current-context wins")
    #expect(merged.clusters["shared"]?.server == "https://first.example")
    #expect(merged.clusters["other"]?.server == "https://other.example")
    #expect(merged.users["alice"]?.token == "first")
    #expect(merged.clusters["shared"]?.certificateAuthority == .file(folder.path("first/ca.crt")), "relative to its file")
    #expect(merged.users["bob"]?.tokenFile == folder.path("second/bob.token"))
    let access = try merged.access(context: "two")
    #expect(access.namespace == "b")
    #expect(access.credential == .tokenFile(folder.path("second/bob.token")))
    #expect(throws: KubeConfigError.self) { try merged.access(context: "three") }
    #expect(throws: KubeConfigError.self) { try KubeConfig.load(paths: [folder.path("missing/config")], explicit: true) }
    let broken = try KubeConfig.parse("contexts: [{name: x, context: {cluster: nowhere, user: u}}]\ncurrent-context: x\n", file: "inline")
    do {
      _ = try broken.access()
      Issue.record("a context naming a missing cluster was accepted")
    } catch {
      #expect(error.message.contains("names the cluster \"nowhere\", which the kubeconfig does not define"))
    }
    #expect(throws: KubeConfigError.self) {
      try KubeConfig.parse("clusters: [{name: c, cluster: {server: x, certificate-authority-data: '!!!'}}]", file: "inline")
    }
  }

  @Test func authenticatesWithTokensAndTokenFiles() async throws {
    defer { folder.remove() }
    let server = try await standIn { $0.tokens = ["static-token", "file-token"] }
    defer { Task { await server.stop() } }
    let byToken = try KubeConfig.parse(kubeconfig(server: server.url, user: "token: static-token"), file: folder.path("a")).access()
    #expect(try await version(byToken).get() == "v1.31.2")
    let tokenFile = try folder.write("token", "file-token\n")
    let byFile = try KubeConfig.parse(kubeconfig(server: server.url, user: "tokenFile: \(tokenFile)"), file: folder.path("b")).access()
    #expect(try await version(byFile).get() == "v1.31.2")
    let wrong = try KubeConfig.parse(kubeconfig(server: server.url, user: "token: wrong"), file: folder.path("c")).access()
    switch await version(wrong) {
    case .success: Issue.record("a wrong token was accepted")
    case .failure(let error):
      #expect(error.kind == .unauthorized)
      #expect(!error.description.contains("wrong"), "the token is not repeated")
    }
  }

  @Test func authenticatesWithBasicCredentials() async throws {
    let server = try await standIn { $0.basic = ("ada", "lovelace") }
    defer { Task { await server.stop() } }
    let access = try KubeConfig.parse(kubeconfig(server: server.url, user: "username: ada\npassword: lovelace"), file: "inline").access()
    #expect(try await version(access).get() == "v1.31.2")
  }

  @Test func authenticatesWithClientCertificates() async throws {
    defer { folder.remove() }
    let server = try await standIn(clientCertificates: true) { _ in }
    defer { Task { await server.stop() } }
    let alice = try authority.clientCertificate(user: "alice", group: "scientists")
    let certificateData = Data(alice.certificatePEM.utf8).base64EncodedString()
    let keyData = Data(alice.keyPEM.utf8).base64EncodedString()
    let inline = try KubeConfig.parse(
      kubeconfig(server: server.url, user: "client-certificate-data: \(certificateData)\nclient-key-data: \(keyData)"), file: "inline"
    ).access()
    #expect(try await version(inline).get() == "v1.31.2")
    try folder.write("kube/alice.crt", alice.certificatePEM)
    try folder.write("kube/alice.key", alice.keyPEM)
    let files = try KubeConfig.parse(
      kubeconfig(server: server.url, user: "client-certificate: alice.crt\nclient-key: alice.key"), file: folder.path("kube/config")
    ).access()
    #expect(try await version(files).get() == "v1.31.2")
    let anonymous = try KubeConfig.parse(kubeconfig(server: server.url, user: "{}"), file: "inline").access()
    switch await version(anonymous) {
    case .success: Issue.record("a client without a certificate was accepted")
    case .failure(let error):
      #expect(error.kind == .transport)
      #expect(error.transport?.kind == .tlsHandshake)
    }
  }

  /// A real credential plugin: a shell script printing an ExecCredential, which checks that it
  /// is given KUBERNETES_EXEC_INFO and the kubeconfig's env.
  @Test func runsExecCredentialPlugins() async throws {
    defer { folder.remove() }
    let server = try await standIn { $0.tokens = ["plugin-token"] }
    defer { Task { await server.stop() } }
    let counter = folder.path("runs")
    for version in ["client.authentication.k8s.io/v1", "client.authentication.k8s.io/v1beta1"] {
      let script = try folder.write(
        "bin/credential-\(version.hasSuffix("beta1") ? "beta" : "v1").sh",
        """
        #!/bin/sh
        echo run >> \(counter)
        case "$KUBERNETES_EXEC_INFO" in *'"kind":"ExecCredential"'*) ;; *) echo "no exec info" >&2; exit 3 ;; esac
        [ "$LAB_REGION" = "lyon" ] || { echo "no env" >&2; exit 4; }
        printf '{"apiVersion":"%s","kind":"ExecCredential","status":{"token":"plugin-token","expirationTimestamp":"2099-01-01T00:00:00Z"}}' "\(version)"
        """, permissions: 0o755)
      let user = """
        exec:
          apiVersion: \(version)
          command: \(script)
          args: [--region, lyon]
          env: [{name: LAB_REGION, value: lyon}]
          provideClusterInfo: true
        """
      let access = try KubeConfig.parse(kubeconfig(server: server.url, user: user), file: folder.path("kube/config")).access()
      let client = KubernetesClient(access: access)
      #expect(try await client.version() == "v1.31.2")
      #expect(try await client.version() == "v1.31.2")
      await client.shutdown()
    }
    let runs = try String(contentsOfFile: counter, encoding: .utf8).split(separator: "\n").count
    #expect(runs == 2, "the token is reused until it expires")

    let failing = try folder.write("bin/failing.sh", "#!/bin/sh\necho 'login expired, run lab-login' >&2\nexit 1\n", permissions: 0o755)
    let failingUser = "exec: {apiVersion: client.authentication.k8s.io/v1, command: \(failing)}"
    switch await version(try KubeConfig.parse(kubeconfig(server: server.url, user: failingUser), file: "inline").access()) {
    case .success: Issue.record("a failing plugin gave a credential")
    case .failure(let error):
      #expect(error.kind == .credential)
      #expect(error.message.contains("login expired, run lab-login"))
    }
    let missingUser =
      "exec: {apiVersion: client.authentication.k8s.io/v1, command: lab-login-not-installed, installHint: 'pip install lab-login'}"
    switch await version(try KubeConfig.parse(kubeconfig(server: server.url, user: missingUser), file: "inline").access()) {
    case .success: Issue.record("a missing plugin gave a credential")
    case .failure(let error):
      #expect(error.message.contains("not installed"))
      #expect(error.hint == "pip install lab-login")
    }
  }

  @Test func usesTheInClusterServiceAccount() async throws {
    defer { folder.remove() }
    let server = try await standIn { $0.tokens = ["pod-token"] }
    defer { Task { await server.stop() } }
    try folder.write("serviceaccount/token", "pod-token")
    try folder.write("serviceaccount/ca.crt", authority.certificatePEM)
    try folder.write("serviceaccount/namespace", "lyon")
    let environment = ["KUBERNETES_SERVICE_HOST": "127.0.0.1", "KUBERNETES_SERVICE_PORT": String(server.server.port)]
    let access = try #require(KubernetesAccess.inCluster(environment: environment, directory: folder.path("serviceaccount")))
    #expect(access.namespace == "lyon")
    #expect(try await version(access).get() == "v1.31.2")
    #expect(KubernetesAccess.inCluster(environment: [:], directory: folder.path("serviceaccount")) == nil)
    // Settings fall back to it when no kubeconfig defines a context.
    let settings = try HeraSettings.resolve(
      SettingsInput(
        environment: environment.merging(["KUBECONFIG": folder.path("none")]) { $1 }, currentDirectory: folder.path("."),
        homeDirectory: folder.path(".")))
    #expect(
      try settings.kubernetesAccess(serviceAccountDirectory: folder.path("serviceaccount")).description == "in-cluster service account")
  }

  @Test func checksTheExecutionEnvironmentAndMintsTokens() async throws {
    defer { folder.remove() }
    let server = try await standIn {
      $0.tokens = ["kube-token"]
      $0.workflowNamespaces = ["lyon"]
      $0.claims = ["lyon/lyon-data": ("Bound", ["ReadWriteMany"]), "lyon/pending-data": ("Pending", ["ReadWriteOnce"])]
      $0.configMaps = ["lyon/http-proxy": ["http_proxy", "no_proxy"]]
      $0.secrets = ["lyon/registry": [".dockerconfigjson"]]
      $0.serviceAccounts = ["lyon/workflow-runner": "minted-token"]
    }
    defer { Task { await server.stop() } }
    let kubeconfig = try folder.write("kube/config", kubeconfig(server: server.url, user: "token: kube-token"))
    let settings = try HeraSettings.resolve(
      SettingsInput(
        flags: [.argoServiceAccount: "workflow-runner"], environment: ["KUBECONFIG": kubeconfig], currentDirectory: folder.path("."),
        homeDirectory: folder.path(".")))
    var check = AccessCheck(settings: settings)
    check.cluster = true
    check.persistentVolumeClaims = ["lyon-data", "pending-data", "missing-data"]
    check.configMaps = [("http-proxy", ["http_proxy", "https_proxy"])]
    check.secrets = ["registry", "missing-secret"]
    let report = await check.run()
    let kube = try #require(report.sections.last)
    let text = report.text
    #expect(kube.steps.first { $0.name == "reachable" }?.failure == nil)
    #expect(text.contains("✔ rights: may create workflows in namespace lyon"))
    #expect(text.contains("✔ PersistentVolumeClaim lyon-data: Bound (ReadWriteMany, 10Gi)"))
    #expect(text.contains("✘ PersistentVolumeClaim pending-data: exists but is Pending, not Bound"))
    #expect(text.contains("✘ PersistentVolumeClaim missing-data: does not exist in namespace lyon"))
    #expect(text.contains("✘ ConfigMap http-proxy: lacks the key https_proxy"))
    #expect(text.contains("hint: it has http_proxy, no_proxy"))
    #expect(text.contains("✔ Secret registry: exists with 1 key"))
    #expect(text.contains("✘ Secret missing-secret"))
    #expect(!text.contains("c2VjcmV0"), "secret values are never read out")
    #expect(kube.steps.compactMap(\.failure).allSatisfy { $0 == .resource })

    let minted = try await settings.mintingToken()
    #expect(minted.argoToken?.value.authorizationHeader == "Bearer minted-token")
    #expect(minted.argoToken?.source.description == "TokenRequest for service account workflow-runner")

    var denied = AccessCheck(
      settings: try HeraSettings.resolve(
        SettingsInput(
          flags: [.argoNamespace: "paris"], environment: ["KUBECONFIG": kubeconfig], currentDirectory: folder.path("."),
          homeDirectory: folder.path("."))))
    denied.cluster = true
    let deniedReport = await denied.run()
    #expect(deniedReport.text.contains("✘ rights: may not create workflows in namespace paris: no RBAC policy matched"))
  }
}
