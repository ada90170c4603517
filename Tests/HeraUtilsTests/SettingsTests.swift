import ArgoClient
import Foundation
import HeraTestServers
import HeraUtils
import Testing

/// Settings precedence, the seed's config-file format, address normalisation and tokens.
@Suite struct SettingsTests {
  /// A sandbox: a working directory and a home directory of their own.
  struct Sandbox {
    let folder: TemporaryFolder
    var work: String { folder.path("work") }
    var home: String { folder.path("home") }

    init() throws {
      folder = try TemporaryFolder(prefix: "hera-settings")
      try FileManager.default.createDirectory(atPath: folder.path("work"), withIntermediateDirectories: true)
      try FileManager.default.createDirectory(atPath: folder.path("home"), withIntermediateDirectories: true)
    }

    func resolve(flags: [SettingKey: String] = [:], environment: [String: String] = [:], extraKeys: [String] = []) throws -> HeraSettings {
      try HeraSettings.resolve(
        SettingsInput(flags: flags, environment: environment, currentDirectory: work, homeDirectory: home, extraKeys: extraKeys))
    }
  }

  @Test func eachLevelOverridesTheOnesBelow() throws {
    let sandbox = try Sandbox()
    defer { sandbox.folder.remove() }
    let kubeconfig = try sandbox.folder.write(
      "kube/config",
      """
      apiVersion: v1
      kind: Config
      current-context: lab
      clusters: [{name: lab, cluster: {server: "https://10.0.0.1:6443"}}]
      users: [{name: lab, user: {token: kube-token}}]
      contexts: [{name: lab, context: {cluster: lab, user: lab, namespace: from-kubeconfig}}]
      """)
    let environment = ["KUBECONFIG": kubeconfig]
    // kubeconfig > default
    var settings = try sandbox.resolve(flags: [.argoServer: "argo.example"], environment: environment)
    #expect(settings.namespace.value == "from-kubeconfig")
    #expect(settings.namespace.source.description == "kubeconfig context \"lab\"")
    #expect(settings.argoToken?.value.authorizationHeader == "Bearer kube-token")
    // ~/hera.config > kubeconfig
    try sandbox.folder.write("home/hera.config", "argo_namespace = from-home\nargo_server = home.example\n")
    settings = try sandbox.resolve(environment: environment)
    #expect(settings.namespace.value == "from-home")
    #expect(settings.namespace.source.description == "file \(sandbox.home)/hera.config:1")
    // ./hera.config > ~/hera.config
    try sandbox.folder.write("work/hera.config", "argo_namespace=from-work\n")
    settings = try sandbox.resolve(environment: environment)
    #expect(settings.namespace.value == "from-work")
    #expect(settings.argoServer?.value.host == "home.example", "keys not set in a higher file come from lower ones")
    // $ARGOCONFIG > ./hera.config
    let named = try sandbox.folder.write("named.config", "argo_namespace: bad\nargo_namespace='from-argoconfig'\n")
    settings = try sandbox.resolve(environment: environment.merging(["ARGOCONFIG": named]) { $1 })
    #expect(settings.namespace.value == "from-argoconfig")
    #expect(settings.warnings.contains { $0.contains("named.config:1: not a key=value line") })
    // environment > files
    settings = try sandbox.resolve(environment: environment.merging(["ARGOCONFIG": named, "ARGO_NAMESPACE": "from-environment"]) { $1 })
    #expect(settings.namespace.value == "from-environment")
    #expect(settings.namespace.source.description == "environment ARGO_NAMESPACE")
    // flag > environment
    settings = try sandbox.resolve(flags: [.argoNamespace: "from-flag"], environment: ["ARGO_NAMESPACE": "from-environment"])
    #expect(settings.namespace.value == "from-flag")
    #expect(settings.namespace.source.description == "flag --argo-namespace")
    // default
    let empty = try Sandbox()
    defer { empty.folder.remove() }
    settings = try empty.resolve(environment: ["KUBECONFIG": "/nonexistent/config"])
    #expect(settings.namespace.value == "default")
    #expect(settings.namespace.source.isDefault)
    #expect(settings.argoServer == nil)
  }

  @Test func readsTheSeedsConfigFileFormat() throws {
    let sandbox = try Sandbox()
    defer { sandbox.folder.remove() }
    try sandbox.folder.write(
      "home/hera.config",
      """
      # The seed's format: key=value, quotes stripped, inner spaces kept.
      argo_server = 'argo.lyon.example:443'
      argo_token = 'Bearer v2:eyJhbGciOiJSUzI1NiJ9.secret-part'
      export ARGO_NAMESPACE="lyon"
      argo_service_acount = workflow-runner
      k8s_volume_claim_name = lyon-data   # a comment after the value
      argo_base_href = /argo
      """, permissions: 0o644)
    let settings = try sandbox.resolve(extraKeys: ["k8s_volume_claim_name"])
    #expect(settings.argoServer?.value.description == "https://argo.lyon.example/argo")
    #expect(settings.argoToken?.value.authorizationHeader == "Bearer v2:eyJhbGciOiJSUzI1NiJ9.secret-part")
    #expect(settings.namespace.value == "lyon")
    #expect(settings.extras["k8s_volume_claim_name"]?.value == "lyon-data")
    #expect(
      settings.warnings.contains {
        $0.contains("unknown key \"argo_service_acount\"") && $0.contains("did you mean \"argo_service_account\"?")
      })
    #expect(settings.warnings.contains { $0.contains("holds a token and other users of this machine may read it (mode 644)") })
    #expect(!settings.warnings.contains { $0.contains("k8s_volume_claim_name") }, "the experiment's own keys are not unknown")
  }

  @Test(
    arguments: [
      ("argo.example", nil, nil, "https://argo.example"),
      ("argo.example:2746", nil, nil, "https://argo.example:2746"),
      ("argo.example:443", nil, nil, "https://argo.example"),
      ("http://localhost:2746", nil, nil, "http://localhost:2746"),
      ("https://argo.example:443/argo/", nil, nil, "https://argo.example/argo"),
      ("localhost:2746", false, nil, "http://localhost:2746"),
      ("https://argo.example", false, nil, "https://argo.example"),
      ("argo.example", nil, "/workflows/", "https://argo.example/workflows"),
      ("[::1]:2746", nil, nil, "https://[::1]:2746"),
    ] as [(String, Bool?, String?, String)])
  func normalisesServerAddresses(text: String, secure: Bool?, baseHref: String?, expected: String) throws {
    let address = try ArgoServerAddress(text, secure: secure, baseHref: baseHref)
    #expect(address.description == expected)
  }

  @Test(arguments: [
    "", "http://https://argo.example", "ftp://argo.example", "argo.example:99999", "argo example", "https://:2746", "argo.example.com#",
    "https://argo.example/argo?x=1", "https://hôst.example", "argo_example\u{1B}[2J", "[::g]:2746", "https://a/b#c",
  ])
  func rejectsMalformedAddresses(text: String) {
    #expect(throws: ArgoServerAddress.Invalid.self) { try ArgoServerAddress(text) }
  }

  @Test("an address with a user name and password is refused, and the error does not show the password")
  func refusesCredentialsInTheAddressWithoutShowingThem() throws {
    for text in ["https://user:s3cret@localhost:2746", "user:s3cret@localhost", "http://s3cret@argo.example/base"] {
      let error = try #require(throws: ArgoServerAddress.Invalid.self) { try ArgoServerAddress(text) }
      #expect(!error.description.contains("s3cret"))
      #expect(error.description.contains("***@"))
      #expect(error.description.contains("token"))
    }
  }

  @Test("request URLs exist for every address accepted: IPv6 literals, base paths with characters URLs escape")
  func everyAcceptedAddressMakesURLs() throws {
    #expect(try ArgoServerAddress("[::1]:2746").url("/api/v1/version").absoluteString == "https://[::1]:2746/api/v1/version")
    #expect(
      try ArgoServerAddress("https://argo.example/my argo".replacingOccurrences(of: " ", with: "%20")).url("/x").absoluteString
        == "https://argo.example/my%20argo/x")
    #expect(try ArgoServerAddress("https://argo.example/é").url("/x").absoluteString == "https://argo.example/%C3%A9/x")
  }

  @Test func keepsTheBasePathInRequestURLs() throws {
    let address = try ArgoServerAddress("https://argo.example/argo")
    #expect(address.url("/api/v1/version").absoluteString == "https://argo.example/argo/api/v1/version")
    #expect(
      address.url("/api/v1/workflows/lyon", query: [("listOptions.limit", "1")]).absoluteString
        == "https://argo.example/argo/api/v1/workflows/lyon?listOptions.limit=1")
  }

  @Test("a token with a line break inside is a settings error that shows none of it; a request timeout is read and checked")
  func tokensWithControlCharactersAndTheRequestTimeout() throws {
    let sandbox = try Sandbox()
    defer { sandbox.folder.remove() }
    for token in ["v2:abc\ndef-secret", "Bearer abc\r\ndef-secret", "abc\u{1B}[2Jdef-secret"] {
      let error = try #require(throws: SettingsError.self) {
        try sandbox.resolve(environment: ["ARGO_SERVER": "argo.example", "ARGO_TOKEN": token])
      }
      #expect(error.message.contains("inside it"))
      #expect(!error.description.contains("secret") && !error.description.contains("abc"))
      #expect(error.message.contains("environment ARGO_TOKEN"))
    }
    // A kubeconfig named by the flag that cannot be read is said when it would have been used.
    let named = try sandbox.resolve(flags: [.kubeconfig: "/no/such/kubeconfig"], environment: ["ARGO_SERVER": "argo.example"])
    #expect(named.warnings.contains { $0.hasPrefix("the kubeconfig /no/such/kubeconfig (flag --kubeconfig) cannot be used") })
    var settings = try sandbox.resolve(environment: ["ARGO_SERVER": "argo.example"])
    #expect(!settings.warnings.contains { $0.contains("kubeconfig") })
    #expect(settings.requestTimeout.value == 30)
    #expect(settings.argoConnection?.requestTimeout == 30)
    settings = try sandbox.resolve(environment: ["ARGO_SERVER": "argo.example", "ARGO_REQUEST_TIMEOUT": "2m"])
    #expect(settings.argoConnection?.requestTimeout == 120)
    #expect(
      settings.rows.contains { $0.name == "request timeout" && $0.value == "120s" && $0.source == "environment ARGO_REQUEST_TIMEOUT" })
    #expect(throws: SettingsError.self) {
      try sandbox.resolve(environment: ["ARGO_SERVER": "argo.example", "ARGO_REQUEST_TIMEOUT": "soon"])
    }
    #expect(throws: SettingsError.self) { try sandbox.resolve(environment: ["ARGO_SERVER": "argo.example", "ARGO_REQUEST_TIMEOUT": "0s"]) }
    // The flag, as the command line gives it, wins over the environment.
    let options = try HeraOptions.parse(["--request-timeout", "90s"])
    settings = try HeraSettings.resolve(
      SettingsInput(
        flags: options.flagValues, environment: ["ARGO_SERVER": "argo.example", "ARGO_REQUEST_TIMEOUT": "2m"],
        currentDirectory: sandbox.work,
        homeDirectory: sandbox.home))
    #expect(settings.argoConnection?.requestTimeout == 90)
    #expect(settings.rows.contains { $0.name == "request timeout" && $0.value == "90s" && $0.source == "flag --request-timeout" })
    let wrong = #expect(throws: SettingsError.self) { try sandbox.resolve(flags: [.requestTimeout: "forever"]) }
    #expect(wrong?.message == "the request timeout forever (flag --request-timeout) is not a duration from 1s to 24h")
  }

  @Test func secureFollowsTheEnvironmentUnlessTheAddressSays() throws {
    let sandbox = try Sandbox()
    defer { sandbox.folder.remove() }
    var settings = try sandbox.resolve(environment: ["ARGO_SERVER": "localhost:2746", "ARGO_SECURE": "false"])
    #expect(settings.argoServer?.value.secure == false)
    settings = try sandbox.resolve(flags: [.argoSecure: "true"], environment: ["ARGO_SERVER": "localhost:2746", "ARGO_SECURE": "false"])
    #expect(settings.argoServer?.value.secure == true, "the flag wins over the environment")
    settings = try sandbox.resolve(environment: ["ARGO_SERVER": "https://argo.example", "ARGO_SECURE": "false"])
    #expect(settings.argoServer?.value.secure == true)
    #expect(settings.warnings.contains { $0.contains("says https, which wins over environment ARGO_SECURE") })
    settings = try sandbox.resolve(environment: ["ARGO_SERVER": "argo.example", "ARGO_INSECURE_SKIP_VERIFY": "true", "ARGO_HTTP1": "true"])
    #expect(settings.insecureSkipVerify.value)
    #expect(settings.warnings.contains { $0.contains("TLS verification of the Argo Server is off") })
    #expect(!settings.warnings.contains { $0.contains("ARGO_HTTP1") }, "ARGO_HTTP1 is accepted silently")
  }

  @Test func tokensAreNormalisedReadFromFilesAndNeverShown() throws {
    #expect(ArgoToken("abc")?.authorizationHeader == "Bearer abc")
    #expect(ArgoToken("Bearer v2:xyz")?.authorizationHeader == "Bearer v2:xyz")
    #expect(ArgoToken("Basic dXNlcjpwYXNz")?.authorizationHeader == "Basic dXNlcjpwYXNz")
    #expect(ArgoToken("  'Bearer quoted'  ")?.authorizationHeader == "Bearer quoted")
    #expect(ArgoToken("   ") == nil)
    let token = try #require(ArgoToken("Bearer v2:" + String(repeating: "s", count: 809)))
    #expect(token.description == "Bearer v2:… (redacted, 812 chars)")
    #expect("\(token)" == token.description)
    #expect(String(reflecting: token) == token.description)

    let sandbox = try Sandbox()
    defer { sandbox.folder.remove() }
    let file = try sandbox.folder.write("token", "v2:from-file\n", permissions: 0o600)
    var settings = try sandbox.resolve(
      flags: [.argoServer: "argo.example", .argoTokenFile: file], environment: ["ARGO_TOKEN": "Bearer env"])
    #expect(settings.argoToken?.value.authorizationHeader == "Bearer v2:from-file")
    settings = try sandbox.resolve(flags: [.argoServer: "argo.example", .argoToken: "Bearer flag-token"])
    #expect(settings.warnings.contains { $0.contains("--argo-token puts the token in the process list") })
    #expect(throws: SettingsError.self) {
      try sandbox.resolve(flags: [.argoToken: "a", .argoTokenFile: file])
    }
    #expect(throws: SettingsError.self) {
      try sandbox.resolve(flags: [.argoTokenFile: sandbox.folder.path("missing")])
    }
    #expect(throws: SettingsError.self) {
      try sandbox.resolve(environment: ["ARGOCONFIG": sandbox.folder.path("missing.config")])
    }
    #expect(throws: SettingsError.self) {
      try sandbox.resolve(flags: [.argoServer: "http://https://argo.example"])
    }
    let rows = settings.rows.map { "\($0.name) \($0.value) \($0.source)" }.joined(separator: "\n")
    #expect(!rows.contains("flag-token"))
    #expect(rows.contains("Bearer … (redacted, 10 chars)"))
  }

  @Test func tildeInConfigValuesAndTheHomeConfigIsRead() throws {
    let sandbox = try Sandbox()
    defer { sandbox.folder.remove() }
    try sandbox.folder.write("home/hera.config", "argo_ca_file = /etc/argo/ca.crt\nk8s_config_file = /etc/kube/config\n")
    let settings = try sandbox.resolve()
    #expect(settings.caFile?.value == "/etc/argo/ca.crt")
    #expect(settings.kubeconfigPaths.value == ["/etc/kube/config"])
    #expect(settings.configFiles == ["\(sandbox.home)/hera.config"])
  }

  @Test func homeIsTheEnvironmentsHOMEAndTildeIsExpandedInIt() throws {
    let sandbox = try Sandbox()
    defer { sandbox.folder.remove() }
    try sandbox.folder.write("home/hera.config", "argo_ca_file = ~/argo/ca.crt\nk8s_config_file = ~/kube/config\n")
    // HOME chooses the home folder, as in a shell (Foundation's would be the account's).
    let settings = try HeraSettings.resolve(
      SettingsInput(environment: ["HOME": sandbox.home], currentDirectory: sandbox.work))
    #expect(settings.configFiles == ["\(sandbox.home)/hera.config"])
    #expect(settings.caFile?.value == "\(sandbox.home)/argo/ca.crt")
    #expect(settings.kubeconfigPaths.value == ["\(sandbox.home)/kube/config"])
    let flagged = try sandbox.resolve(flags: [.kubeconfig: "~/other/config"], environment: ["HOME": "/elsewhere"])
    #expect(flagged.kubeconfigPaths.value == ["\(sandbox.home)/other/config"], "an explicit home folder wins over HOME")
    #expect(SettingsInput(environment: ["HOME": "/home/lyon"]).homeDirectory == "/home/lyon")
    #expect(SettingsInput(environment: [:]).homeDirectory == FileManager.default.homeDirectoryForCurrentUser.path)
  }
}
