#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// The time stamps the kubelet puts before log lines (`kubectl logs --timestamps`): RFC 3339 in
/// UTC with nine fraction digits, always nine, so that lines sort as text.
enum KubernetesTimestamp {
  /// The current time, `2026-11-25T10:00:00.123456789Z`, as ASCII bytes.
  static func now() -> [UInt8] {
    var time = timespec()
    clock_gettime(CLOCK_REALTIME, &time)
    return format(seconds: Int(time.tv_sec), nanoseconds: Int(time.tv_nsec))
  }

  static func format(seconds: Int, nanoseconds: Int) -> [UInt8] {
    var calendar = tm()
    var seconds = time_t(seconds)
    gmtime_r(&seconds, &calendar)
    var bytes: [UInt8] = []
    bytes.reserveCapacity(30)
    func digits(_ value: Int, _ width: Int) {
      var divisor = 1
      for _ in 1..<width { divisor *= 10 }
      var value = value
      while divisor > 0 {
        bytes.append(UInt8(ascii: "0") + UInt8(value / divisor % 10))
        value %= divisor
        divisor /= 10
      }
    }
    digits(Int(calendar.tm_year) + 1900, 4)
    bytes.append(UInt8(ascii: "-"))
    digits(Int(calendar.tm_mon) + 1, 2)
    bytes.append(UInt8(ascii: "-"))
    digits(Int(calendar.tm_mday), 2)
    bytes.append(UInt8(ascii: "T"))
    digits(Int(calendar.tm_hour), 2)
    bytes.append(UInt8(ascii: ":"))
    digits(Int(calendar.tm_min), 2)
    bytes.append(UInt8(ascii: ":"))
    digits(Int(calendar.tm_sec), 2)
    bytes.append(UInt8(ascii: "."))
    digits(nanoseconds, 9)
    bytes.append(UInt8(ascii: "Z"))
    return bytes
  }
}
