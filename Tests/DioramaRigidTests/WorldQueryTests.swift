import DioramaCollision
import DioramaCore
import Foundation
import Testing

@testable import DioramaRigid

@Suite("World queries")
struct WorldQueryTests {
  func world() -> RigidWorld {
    var w = groundWorld()
    w.addBody(crate(0, at: Vec3(0, 0, 0.5)))
    w.addBody(
      RigidBodyDef(
        shape: .sphere(radius: 0.25), transform: Transform(position: Vec3(3, 0, 0.25)), mass: 1,
        entity: .object(1)))
    return w
  }

  // Closed forms; 1e-12 is rounding.
  @Test("A ray down onto the box hits its top face; beside it, the ground")
  func rays() throws {
    let w = world()
    let top = try #require(w.castRay(origin: Vec3(0.2, 0.1, 5), direction: Vec3(0, 0, -1)))
    #expect(top.target == .body(0))
    #expect(abs(top.distance - 4) < 1e-12)
    #expect((top.normal - Vec3(0, 0, 1)).length < 1e-12)
    let ground = try #require(w.castRay(origin: Vec3(1.5, 0, 5), direction: Vec3(0, 0, -2)))
    #expect(ground.target == .plane(0))
    #expect(abs(ground.distance - 5) < 1e-12)
    let side = try #require(w.castRay(origin: Vec3(0.6, 0, 0.25), direction: Vec3(1, 0, 0)))
    #expect(side.target == .body(1))
    #expect(abs(side.distance - 2.15) < 1e-12)
    // A ray that starts inside a body hits it at once.
    let inside = try #require(w.castRay(origin: Vec3(0, 0, 0.25), direction: Vec3(1, 0, 0)))
    #expect(inside.target == .body(0) && inside.distance == 0)
    let skipped = w.castRay(
      origin: Vec3(0.2, 0.1, 5), direction: Vec3(0, 0, -1), ignoring: [0])
    #expect(skipped?.target == .plane(0))
    #expect(w.castRay(origin: Vec3(0, 0, 5), direction: Vec3(0, 0, 1)) == nil)
  }

  @Test("Overlap and closest point")
  func overlapAndClosest() {
    let w = world()
    #expect(w.overlapping(.sphere(radius: 0.3), Transform(position: Vec3(0.7, 0, 0.5))) == [0])
    #expect(w.overlapping(.sphere(radius: 0.1), Transform(position: Vec3(1.5, 0, 2))).isEmpty)
    let c = w.closestPoint(onBody: 0, to: Vec3(2, 0, 0.5))
    #expect(abs(c.distance - 1.5) < 1e-9)
    #expect((c.point - Vec3(0.5, 0, 0.5)).length < 1e-9)
  }
}
