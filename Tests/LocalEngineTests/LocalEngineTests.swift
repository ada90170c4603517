import Testing

@testable import LocalEngine
