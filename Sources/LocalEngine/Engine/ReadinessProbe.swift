import ArgoModel
import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// A daemon's readiness probe, checked on this machine: `httpGet` and `tcpSocket` against
/// 127.0.0.1 (containers run on the host's network), `exec` as a process of this machine with
/// the host runner. A daemon counts as started, and what depends on it may start, once its
/// probe passes.
struct ReadinessProbe: Sendable {
  enum Check: Sendable {
    case http(port: Int, path: String, host: String)
    case tcp(port: Int, host: String)
    case command([String])
  }

  let check: Check
  let initialDelay: Duration
  /// Kubernetes probes every `periodSeconds` (10 by default); here at most every second, so
  /// that a local run does not wait longer than it must.
  let period: Duration
  let timeout: Duration

  /// The probe of a container, or nil when it has none this machine can check (a named port
  /// no container declares, a gRPC probe).
  /// - Parameter rewrite: maps the container's paths in an `exec` probe's command to this
  ///   machine's (the mounts' folders), as the container's own command is mapped.
  init?(_ probe: Probe, ports: [ContainerPort], rewrite: (String) -> String = { $0 }) {
    func number(_ port: IntOrString?) -> Int? {
      switch port {
      case .int(let value): return value
      case .string(let name): return Int(name) ?? ports.first { $0.name == name }.map { Int($0.containerPort) }
      case nil: return nil
      }
    }
    if let http = probe.httpGet, let port = number(http.port) {
      check = .http(port: port, path: http.path ?? "/", host: http.host ?? "127.0.0.1")
    } else if let tcp = probe.tcpSocket, let port = number(tcp.port) {
      check = .tcp(port: port, host: tcp.host ?? "127.0.0.1")
    } else if let command = probe.exec?.command, !command.isEmpty {
      check = .command(command.map(rewrite))
    } else {
      return nil
    }
    initialDelay = .seconds(probe.initialDelaySeconds ?? 0)
    period = .seconds(min(max(probe.periodSeconds ?? 10, 1), 1))
    timeout = .seconds(max(probe.timeoutSeconds ?? 1, 1))
  }

  /// Whether the probe passes now.
  func passes() async -> Bool {
    switch check {
    case .http(let port, let path, let host):
      return await Self.blocking {
        Self.httpStatus(host: host, port: port, path: path, timeout: timeout).map { (200..<400).contains($0) } ?? false
      }
    case .tcp(let port, let host):
      return await Self.blocking {
        Self.openConnection(host: host, port: port, timeout: timeout).map { descriptor in close(descriptor) } != nil
      }
    case .command(let command):
      return await Self.blocking { Self.run(command, timeout: timeout) }
    }
  }

  /// Runs blocking socket or process work off Swift's cooperative threads.
  static func blocking(_ work: @escaping @Sendable () -> Bool) async -> Bool {
    await withCheckedContinuation { continuation in
      DispatchQueue.global().async { continuation.resume(returning: work()) }
    }
  }

  /// A connected TCP socket to host:port (IPv4), or nil.
  static func openConnection(host: String, port: Int, timeout: Duration) -> Int32? {
    let address = host == "localhost" ? "127.0.0.1" : host
    #if canImport(Darwin)
      let descriptor = socket(AF_INET, SOCK_STREAM, 0)
    #else
      let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    #endif
    guard descriptor >= 0 else { return nil }
    var time = timeval(tv_sec: Int(timeout.components.seconds), tv_usec: 0)
    setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
    setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
    var socketAddress = sockaddr_in()
    socketAddress.sin_family = sa_family_t(AF_INET)
    socketAddress.sin_port = in_port_t(UInt16(truncatingIfNeeded: port).bigEndian)
    guard inet_pton(AF_INET, address, &socketAddress.sin_addr) == 1 else {
      close(descriptor)
      return nil
    }
    let connected = withUnsafePointer(to: &socketAddress) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard connected == 0 else {
      close(descriptor)
      return nil
    }
    return descriptor
  }

  /// The status code of `GET path`, or nil when there is no answer.
  static func httpStatus(host: String, port: Int, path: String, timeout: Duration) -> Int? {
    guard let descriptor = openConnection(host: host, port: port, timeout: timeout) else { return nil }
    defer { close(descriptor) }
    let request = Array("GET \(path) HTTP/1.1\r\nHost: \(host):\(port)\r\nUser-Agent: hera-local-probe\r\nConnection: close\r\n\r\n".utf8)
    let sent = request.withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, 0) }
    guard sent == request.count else { return nil }
    var buffer = [UInt8](repeating: 0, count: 64)
    let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
    guard count > 12 else { return nil }
    let line = String(decoding: buffer[0..<count], as: UTF8.self)
    let parts = line.split(separator: " ", maxSplits: 2)
    guard parts.count >= 2, parts[0].hasPrefix("HTTP/") else { return nil }
    return Int(parts[1])
  }

  /// Whether `command` exits with 0 within the timeout.
  static func run(_ command: [String], timeout: Duration) -> Bool {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = command
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    guard (try? process.run()) != nil else { return false }
    let end = ContinuousClock.now + timeout
    while process.isRunning, ContinuousClock.now < end { usleep(20_000) }
    if process.isRunning {
      process.terminate()
      return false
    }
    return process.terminationStatus == 0
  }
}
