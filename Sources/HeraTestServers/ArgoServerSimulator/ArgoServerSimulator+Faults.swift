extension ArgoServerSimulator {
  /// Something going wrong with a request, for tests of a client's retries and recovery.
  ///
  /// ```swift
  /// await argo.inject(.unavailable(), method: "GET", path: "/api/v1/workflows/argo", times: 2)
  /// await argo.inject(.dropAnswer, method: "POST", path: "/api/v1/workflows/argo")
  /// await argo.inject(.cutStream(after: 3), path: "/api/v1/workflow-events/")
  /// ```
  public struct Fault: Sendable {
    enum Kind: Sendable {
      case failure(Failure)
      case dropAnswer
      case cutStream(Int)
      case streamError(Int, Failure)
      case delay(Duration)
    }

    let kind: Kind

    /// 503 `{"code":14,…}` without touching anything: the server (or a proxy) is unavailable.
    public static func unavailable(_ message: String = "the server is currently unable to handle the request") -> Fault {
      Fault(kind: .failure(Failure(code: 14, message: message)))
    }

    /// Any error answer without touching anything: `code` is the gRPC code, the HTTP status
    /// follows from it.
    public static func failure(code: Int, message: String) -> Fault {
      Fault(kind: .failure(Failure(code: code, message: message)))
    }

    /// The request takes effect, then the connection is closed without any answer: the answer
    /// is lost on its way back.
    public static let dropAnswer = Fault(kind: .dropAnswer)

    /// A watch or log stream sends `messages` messages, then the connection is cut without the
    /// stream's proper end.
    public static func cutStream(after messages: Int) -> Fault {
      Fault(kind: .cutStream(messages))
    }

    /// A watch or log stream sends `messages` messages, then an in-band error chunk
    /// (`{"error":{"grpc_code":…}}`) and ends.
    public static func streamError(after messages: Int, code: Int = 14, message: String = "transport is closing") -> Fault {
      Fault(kind: .streamError(messages, Failure(code: code, message: message)))
    }

    /// The answer waits this long first (a slow server; a client's time limit).
    public static func delay(_ duration: Duration) -> Fault {
      Fault(kind: .delay(duration))
    }
  }

  /// A fault and the requests it applies to.
  struct FaultRule: Sendable {
    var fault: Fault
    var method: String?
    var pathPrefix: String
    var remaining: Int

    func matches(method: String, path: String) -> Bool {
      (self.method == nil || self.method == method) && path.hasPrefix(pathPrefix)
    }
  }

  /// Applies a fault to the next `times` requests with this method (any, when `nil`) whose
  /// path, without the base path, starts with `path`. Several faults may apply to one request:
  /// a delay, then the first of the others.
  ///
  /// - Parameters:
  ///   - fault: What goes wrong.
  ///   - method: `GET`, `POST`, `PUT`, `DELETE`, or `nil` for any.
  ///   - path: A prefix of the request's path, such as `/api/v1/workflows/argo`.
  ///   - times: How many matching requests it applies to; `Int.max` for all.
  public func inject(_ fault: Fault, method: String? = nil, path: String = "/", times: Int = 1) async {
    await store.addFault(FaultRule(fault: fault, method: method, pathPrefix: path, remaining: times))
  }

  /// Removes the faults not used up yet.
  public func clearFaults() async {
    await store.clearFaults()
  }
}

extension SimulatorStore {
  func addFault(_ rule: ArgoServerSimulator.FaultRule) {
    faults.append(rule)
  }

  func clearFaults() {
    faults.removeAll()
  }
}
