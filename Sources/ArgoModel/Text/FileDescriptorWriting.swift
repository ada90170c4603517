#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Writing to a file descriptor completely: through partial writes and interruptions.
public enum FileDescriptorWriting {
  /// Writes all of `bytes` to `descriptor`; returns 0, or the `errno` that ended the write (a
  /// closed pipe, a full disk), which callers note or ignore as their output deserves.
  @discardableResult
  public static func writeFully(_ bytes: [UInt8], to descriptor: Int32) -> Int32 {
    bytes.withUnsafeBytes { buffer in
      var offset = 0
      while offset < buffer.count {
        let written = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
        if written < 0 {
          if errno == EINTR { continue }
          return errno
        }
        offset += written
      }
      return 0
    }
  }
}
