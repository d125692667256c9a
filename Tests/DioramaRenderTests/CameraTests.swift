import DioramaCore
import DioramaRender
import Testing
import _TestSupport

@Suite("Camera")
struct CameraTests {
  @Test func projectInvertsRay() throws {
    let cam = Camera(
      position: Vec3(1, -4, 3), target: Vec3(0.5, 1, 0.2), lensMM: 28, width: 320, height: 180)
    for (x, y) in [(0.0, 0.0), (160.0, 90.0), (319.5, 12.25), (3.7, 179.9), (400.0, -20.0)] {
      let r = cam.ray(x: x, y: y)
      #expect(isClose(r.direction.length, 1, relative: 1e-14))
      let p = try #require(cam.project(r.origin + 7.3 * r.direction))
      #expect(abs(p.x - x) < 1e-9 && abs(p.y - y) < 1e-9)
    }
    // Behind the camera: nil.
    let back = cam.position - (cam.target - cam.position)
    #expect(cam.project(back) == nil)
  }

  @Test func centreRayLooksAtTargetAndFieldOfViewFollowsLens() throws {
    let cam = Camera(position: .zero, target: Vec3(0, 10, 0), lensMM: 18, width: 100, height: 50)
    #expect(isClose(cam.ray(x: 50, y: 25).direction, Vec3(0, 1, 0), absolute: 1e-15))
    // 18 mm on a 36 mm sensor: the left edge is 45° off axis; up is +z, right is +x.
    #expect(isClose(cam.ray(x: 0, y: 25).direction, Vec3(-1, 1, 0).normalized, absolute: 1e-15))
    let top = try #require(cam.project(Vec3(0, 10, 1)))
    #expect(top.y < 25 && isClose(top.x, 50, relative: 1e-12))
    // Looking straight down with the default +z up still gives a valid frame.
    let down = Camera(position: Vec3(0, 0, 5), target: .zero, width: 8, height: 8)
    #expect(isClose(down.ray(x: 4, y: 4).direction, Vec3(0, 0, -1), absolute: 1e-15))
  }
}
