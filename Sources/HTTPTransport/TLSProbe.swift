import NIOCore
import NIOPosix
import NIOSSL
import NIOTLS

/// Whether a port speaks TLS: used to tell "this server wants HTTPS" from other failures of a
/// plain HTTP request, which servers answer by closing the connection.
enum TLSProbe {
  static func speaksTLS(host: String, port: Int) async -> Bool {
    var configuration = TLSConfiguration.makeClientConfiguration()
    configuration.certificateVerification = .none
    guard let context = try? NIOSSLContext(configuration: configuration) else { return false }
    let eventLoop = NIOSingletons.posixEventLoopGroup.next()
    let promise = eventLoop.makePromise(of: Bool.self)
    let bootstrap = ClientBootstrap(group: eventLoop)
      .connectTimeout(.seconds(3))
      .channelInitializer { channel in
        channel.eventLoop.makeCompletedFuture {
          try channel.pipeline.syncOperations.addHandler(NIOSSLClientHandler(context: context, serverHostname: nil))
          try channel.pipeline.syncOperations.addHandler(HandshakeWatcher(promise: promise))
        }
      }
    let channel: any Channel
    do {
      channel = try await bootstrap.connect(host: host, port: port).get()
    } catch {
      promise.succeed(false)
      return false
    }
    eventLoop.scheduleTask(in: .seconds(3)) { promise.succeed(false) }
    let result = (try? await promise.futureResult.get()) ?? false
    try? await channel.close()
    return result
  }

  /// Completes the promise when the handshake succeeds or fails.
  private final class HandshakeWatcher: ChannelInboundHandler {
    typealias InboundIn = NIOAny
    let promise: EventLoopPromise<Bool>

    init(promise: EventLoopPromise<Bool>) {
      self.promise = promise
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
      if let event = event as? TLSUserEvent, case .handshakeCompleted = event { promise.succeed(true) }
      context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
      promise.succeed(false)
    }

    func channelInactive(context: ChannelHandlerContext) {
      promise.succeed(false)
    }
  }
}
