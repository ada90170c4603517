import CZlib

/// Inflates gzip (or zlib) data: Argo compresses a large workflow's `status.nodes` into
/// `status.compressedNodes`, base64 of gzip of JSON.
enum Gzip {
  /// The inflated bytes, or `nil` when the data is not gzip or inflates past `limit`.
  static func inflate(_ input: [UInt8], limit: Int = 512 << 20) -> [UInt8]? {
    guard !input.isEmpty else { return [] }
    var stream = z_stream()
    // 15 + 32: a window of 2^15, and detect gzip or zlib headers.
    guard inflateInit2_(&stream, 15 + 32, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else { return nil }
    defer { inflateEnd(&stream) }
    var output: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    var input = input
    let result: Int32 = input.withUnsafeMutableBufferPointer { inputBuffer in
      stream.next_in = inputBuffer.baseAddress
      stream.avail_in = uInt(inputBuffer.count)
      var status: Int32 = Z_OK
      repeat {
        status = chunk.withUnsafeMutableBufferPointer { chunkBuffer in
          stream.next_out = chunkBuffer.baseAddress
          stream.avail_out = uInt(chunkBuffer.count)
          return CZlib.inflate(&stream, Z_NO_FLUSH)
        }
        guard status == Z_OK || status == Z_STREAM_END else { return status }
        output.append(contentsOf: chunk[0..<(chunk.count - Int(stream.avail_out))])
        if output.count > limit { return Z_BUF_ERROR }
      } while status != Z_STREAM_END && (stream.avail_in > 0 || stream.avail_out == 0)
      return status
    }
    return result == Z_STREAM_END ? output : nil
  }

  /// Deflates into gzip (for the stand-in server and tests).
  static func deflate(_ input: [UInt8]) -> [UInt8] {
    var stream = z_stream()
    guard
      deflateInit2_(
        &stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        == Z_OK
    else {
      return []
    }
    defer { deflateEnd(&stream) }
    var output: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    var input = input
    input.withUnsafeMutableBufferPointer { inputBuffer in
      stream.next_in = inputBuffer.baseAddress
      stream.avail_in = uInt(inputBuffer.count)
      var status: Int32 = Z_OK
      repeat {
        status = chunk.withUnsafeMutableBufferPointer { chunkBuffer in
          stream.next_out = chunkBuffer.baseAddress
          stream.avail_out = uInt(chunkBuffer.count)
          return CZlib.deflate(&stream, Z_FINISH)
        }
        output.append(contentsOf: chunk[0..<(chunk.count - Int(stream.avail_out))])
      } while status == Z_OK
    }
    return output
  }
}
