import Foundation

/// A minimal complex number for the closed-form oscillator responses (DioramaAudio may import
/// only DioramaCore and Foundation, so not swift-numerics).
struct Complex: Hashable, Sendable {
  var re: Double
  var im: Double

  @inline(__always) init(_ re: Double, _ im: Double) {
    self.re = re
    self.im = im
  }

  @inline(__always) static func + (a: Complex, b: Complex) -> Complex {
    Complex(a.re + b.re, a.im + b.im)
  }
  @inline(__always) static func - (a: Complex, b: Complex) -> Complex {
    Complex(a.re - b.re, a.im - b.im)
  }
  @inline(__always) static func * (a: Complex, b: Complex) -> Complex {
    Complex(a.re * b.re - a.im * b.im, a.re * b.im + a.im * b.re)
  }
  @inline(__always) static func * (a: Complex, s: Double) -> Complex {
    Complex(a.re * s, a.im * s)
  }
  @inline(__always) static func / (a: Complex, b: Complex) -> Complex {
    let d = b.re * b.re + b.im * b.im
    return Complex((a.re * b.re + a.im * b.im) / d, (a.im * b.re - a.re * b.im) / d)
  }

  /// |z|.
  var magnitude: Double { (re * re + im * im).squareRoot() }

  /// e^z.
  static func exp(_ z: Complex) -> Complex {
    let m = Foundation.exp(z.re)
    return Complex(m * cos(z.im), m * sin(z.im))
  }
}
