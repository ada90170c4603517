import Crypto
import Foundation
import SwiftASN1
import X509

/// A certificate authority made for a test, with the server and client certificates it signs,
/// as PEM text and as files in a temporary folder.
public struct TestCertificateAuthority: Sendable {
  public let certificatePEM: String
  /// The signing key's raw bytes (Crypto's key type is not Sendable).
  private let keyBytes: Data
  private let name: DistinguishedName

  private var key: P256.Signing.PrivateKey {
    try! P256.Signing.PrivateKey(rawRepresentation: keyBytes)
  }

  /// A new authority, with its own key.
  public init(name commonName: String = "hera test CA") throws {
    let key = P256.Signing.PrivateKey()
    keyBytes = key.rawRepresentation
    name = try DistinguishedName { CommonName(commonName) }
    let signing = Certificate.PrivateKey(key)
    let now = Date()
    let certificate = try Certificate(
      version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: signing.publicKey,
      notValidBefore: now.addingTimeInterval(-3600), notValidAfter: now.addingTimeInterval(86_400 * 30),
      issuer: name, subject: name, signatureAlgorithm: .ecdsaWithSHA256,
      extensions: try Certificate.Extensions {
        Critical(BasicConstraints.isCertificateAuthority(maxPathLength: nil))
        Critical(KeyUsage(keyCertSign: true, cRLSign: true))
      },
      issuerPrivateKey: signing)
    certificatePEM = try certificate.serializeAsPEM().pemString
  }

  /// A certificate and key signed by this authority.
  public struct Issued: Sendable {
    public let certificatePEM: String
    public let keyPEM: String
  }

  /// A server certificate for the names given and, unless told otherwise, 127.0.0.1.
  public func serverCertificate(names: [String] = ["localhost"], includeLoopbackAddress: Bool = true) throws -> Issued {
    try issue(
      commonName: names.first ?? "localhost",
      extensions: try Certificate.Extensions {
        Critical(BasicConstraints.notCertificateAuthority)
        Critical(KeyUsage(digitalSignature: true))
        try ExtendedKeyUsage([.serverAuth])
        SubjectAlternativeNames(
          names.map { GeneralName.dnsName($0) }
            + (includeLoopbackAddress ? [.ipAddress(ASN1OctetString(contentBytes: [127, 0, 0, 1]))] : []))
      })
  }

  /// A client certificate whose common name is the user (and organisation, the group), as
  /// Kubernetes reads them.
  public func clientCertificate(user: String, group: String? = nil) throws -> Issued {
    let subject = try DistinguishedName {
      if let group { OrganizationName(group) }
      CommonName(user)
    }
    return try issue(
      subject: subject,
      extensions: try Certificate.Extensions {
        Critical(BasicConstraints.notCertificateAuthority)
        Critical(KeyUsage(digitalSignature: true))
        try ExtendedKeyUsage([.clientAuth])
      })
  }

  private func issue(commonName: String, extensions: Certificate.Extensions) throws -> Issued {
    try issue(subject: try DistinguishedName { CommonName(commonName) }, extensions: extensions)
  }

  private func issue(subject: DistinguishedName, extensions: Certificate.Extensions) throws -> Issued {
    let subjectKey = P256.Signing.PrivateKey()
    let now = Date()
    let certificate = try Certificate(
      version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: Certificate.PrivateKey(subjectKey).publicKey,
      notValidBefore: now.addingTimeInterval(-3600), notValidAfter: now.addingTimeInterval(86_400 * 30),
      issuer: name, subject: subject, signatureAlgorithm: .ecdsaWithSHA256, extensions: extensions,
      issuerPrivateKey: Certificate.PrivateKey(key))
    return Issued(certificatePEM: try certificate.serializeAsPEM().pemString, keyPEM: subjectKey.pemRepresentation)
  }
}

/// A temporary folder for a test's files, removed by `remove()`.
public struct TemporaryFolder: Sendable {
  public let url: URL

  public init(prefix: String = "hera-test") throws {
    url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  }

  /// Writes a file and returns its path.
  @discardableResult
  public func write(_ name: String, _ text: String, permissions: Int? = nil) throws -> String {
    let file = url.appendingPathComponent(name)
    try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
    try Data(text.utf8).write(to: file)
    if let permissions {
      try FileManager.default.setAttributes([.posixPermissions: permissions], ofItemAtPath: file.path)
    }
    return file.path
  }

  public func path(_ name: String) -> String { url.appendingPathComponent(name).path }

  public func remove() {
    try? FileManager.default.removeItem(at: url)
  }
}
