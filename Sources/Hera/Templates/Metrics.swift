extension Prometheus {
  /// A counter, incremented by `value` each time the template or workflow runs.
  public static func counter(_ name: String, help: String, value: String, labels: KeyValuePairs<String, String> = [:], when: String? = nil)
    -> Prometheus
  {
    Prometheus(name: name, counter: Counter(value: value), help: help, labels: metricLabels(labels), when: when)
  }

  /// A gauge set to `value`; a real-time gauge is updated while the template runs.
  public static func gauge(
    _ name: String, help: String, value: String, realtime: Bool = false, labels: KeyValuePairs<String, String> = [:], when: String? = nil
  ) -> Prometheus {
    Prometheus(name: name, gauge: Gauge(realtime: realtime, value: value), help: help, labels: metricLabels(labels), when: when)
  }

  /// A histogram of `value` over `buckets`.
  public static func histogram(
    _ name: String, help: String, value: String, buckets: [Amount], labels: KeyValuePairs<String, String> = [:], when: String? = nil
  ) -> Prometheus {
    Prometheus(name: name, help: help, histogram: Histogram(buckets: buckets, value: value), labels: metricLabels(labels), when: when)
  }

  private static func metricLabels(_ labels: KeyValuePairs<String, String>) -> [MetricLabel]? {
    labels.isEmpty ? nil : labels.map { MetricLabel(key: $0.key, value: $0.value) }
  }
}
