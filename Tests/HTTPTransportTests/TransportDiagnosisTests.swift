import Foundation
import HTTPTransport
import HeraTestServers
import Testing

/// Each way HTTPS can fail before an answer is diagnosed as its own kind, against real servers
/// on 127.0.0.1 with certificates made for the test.
@Suite struct TransportDiagnosisTests {
  let authority: TestCertificateAuthority
  let server: TestCertificateAuthority.Issued

  init() throws {
    authority = try TestCertificateAuthority()
    server = try authority.serverCertificate(names: ["localhost", "kube.example"])
  }

  func transport(_ tls: TLSSettings = TLSSettings(), timeout: Int64 = 10) throws -> HTTPTransport {
    try HTTPTransport(tls: tls, timeout: .seconds(timeout), connectTimeout: .seconds(3))
  }

  func get(_ url: String, _ transport: HTTPTransport) async -> Result<HTTPResponseData, TransportFailure> {
    do {
      return .success(try await transport.send(HTTPRequestSpec(url: URL(string: url + "/version")!)))
    } catch {
      return .failure(error)
    }
  }

  func expectFailure(
    _ result: Result<HTTPResponseData, TransportFailure>, _ kind: TransportFailure.Kind, sourceLocation: SourceLocation = #_sourceLocation
  ) {
    switch result {
    case .success(let response):
      Issue.record("expected \(kind), got status \(response.status)", sourceLocation: sourceLocation)
    case .failure(let failure):
      #expect(failure.kind == kind, "\(failure)", sourceLocation: sourceLocation)
      #expect(failure.hint != nil || kind == .other, sourceLocation: sourceLocation)
    }
  }

  func startTLS(clientCA: String? = nil) async throws -> TestHTTPServer {
    try await TestHTTPServer(mode: .https(certificatePEM: server.certificatePEM, keyPEM: server.keyPEM, clientCAPEM: clientCA)) { _ in
      .json(200, #"{"major":"1","minor":"31"}"#)
    }
  }

  @Test func trustedAuthorityAnswers() async throws {
    let server = try await startTLS()
    defer { Task { await server.stop() } }
    let client = try transport(TLSSettings(certificateAuthorities: [.bytes(Array(authority.certificatePEM.utf8))]))
    let result = await get(server.url(), client)
    await client.shutdown()
    #expect(try result.get().status == 200)
  }

  @Test func untrustedCertificates() async throws {
    let server = try await startTLS()
    let other = try TestCertificateAuthority(name: "someone else")
    let systemRoots = try transport()
    expectFailure(await get(server.url(), systemRoots), .untrustedCertificate)
    let wrongAuthority = try transport(TLSSettings(certificateAuthorities: [.bytes(Array(other.certificatePEM.utf8))]))
    expectFailure(await get(server.url(), wrongAuthority), .untrustedCertificate)
    let insecure = try transport(TLSSettings(insecureSkipVerify: true))
    #expect(try await get(server.url(), insecure).get().status == 200)
    for client in [systemRoots, wrongAuthority, insecure] { await client.shutdown() }
    await server.stop()
  }

  @Test func protocolMismatches() async throws {
    let tlsServer = try await startTLS()
    let plainServer = try await TestHTTPServer(mode: .plainHTTP) { _ in .json(200, "{}") }
    let client = try transport(TLSSettings(certificateAuthorities: [.bytes(Array(authority.certificatePEM.utf8))]), timeout: 5)
    expectFailure(await get(tlsServer.url(secure: false), client), .serverExpectsTLS)
    expectFailure(await get(plainServer.url(secure: true), client), .serverExpectsPlainHTTP)
    #expect(try await get(plainServer.url(secure: false), client).get().status == 200)
    await client.shutdown()
    await tlsServer.stop()
    await plainServer.stop()
  }

  @Test func refusedUnresolvedAndSilentServers() async throws {
    let stopped = try await TestHTTPServer(mode: .plainHTTP) { _ in .json(200, "{}") }
    let port = stopped.port
    await stopped.stop()
    let silent = try await TestHTTPServer(mode: .silent) { _ in .json(200, "{}") }
    let client = try transport(timeout: 2)
    expectFailure(await get("http://127.0.0.1:\(port)", client), .connectionRefused)
    expectFailure(await get("https://hera-test-host.invalid:8443", client), .nameResolution)
    expectFailure(await get(silent.url(secure: false), client), .timeout)
    expectFailure(await get(silent.url(secure: true), client), .timeout)
    await client.shutdown()
    await silent.stop()
  }

  @Test func clientCertificates() async throws {
    let server = try await startTLS(clientCA: authority.certificatePEM)
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let alice = try authority.clientCertificate(user: "alice")
    let certificate = try folder.write("alice.crt", alice.certificatePEM)
    let key = try folder.write("alice.key", alice.keyPEM)
    let ca = PEMSource.bytes(Array(authority.certificatePEM.utf8))
    let anonymous = try transport(TLSSettings(certificateAuthorities: [ca]))
    expectFailure(await get(server.url(), anonymous), .tlsHandshake)
    let identified = try transport(TLSSettings(certificateAuthorities: [ca], clientCertificate: .file(certificate), clientKey: .file(key)))
    #expect(try await get(server.url(), identified).get().status == 200)
    await anonymous.shutdown()
    await identified.shutdown()
    await server.stop()
  }

  @Test func serverNameOverride() async throws {
    let onlyKube = try authority.serverCertificate(names: ["kube.example"], includeLoopbackAddress: false)
    let server = try await TestHTTPServer(mode: .https(certificatePEM: onlyKube.certificatePEM, keyPEM: onlyKube.keyPEM)) { _ in
      .json(200, "{}")
    }
    let ca = PEMSource.bytes(Array(authority.certificatePEM.utf8))
    let byAddress = try transport(TLSSettings(certificateAuthorities: [ca]))
    let byName = try transport(TLSSettings(certificateAuthorities: [ca], serverName: "kube.example"))
    let named = await get(server.url(host: "127.0.0.1"), byAddress)
    expectFailure(named, .untrustedCertificate)
    #expect(try await get(server.url(host: "127.0.0.1"), byName).get().status == 200)
    await byAddress.shutdown()
    await byName.shutdown()
    await server.stop()
  }

  @Test func unreadableMaterialIsAConfigurationFailure() {
    #expect(throws: TransportFailure.self) {
      _ = try HTTPTransport(tls: TLSSettings(certificateAuthorities: [.file("/nonexistent/ca.crt")]))
    }
    do {
      _ = try HTTPTransport(tls: TLSSettings(certificateAuthorities: [.bytes(Array("not a certificate".utf8))]))
      Issue.record("a malformed CA was accepted")
    } catch {
      #expect(error.kind == .configuration)
      #expect(error.message.contains("not a PEM certificate"))
    }
    #expect(throws: TransportFailure.self) {
      _ = try HTTPTransport(tls: TLSSettings(clientCertificate: .bytes([1])))
    }
  }
}
