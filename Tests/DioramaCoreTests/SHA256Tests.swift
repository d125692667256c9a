import DioramaCore
import Testing

@Suite struct SHA256Tests {
  // FIPS 180-4 examples (NIST CSRC "SHA256.pdf" example values).
  @Test func abc() {
    #expect(
      SHA256.hexDigest(Array("abc".utf8))
        == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
  }

  @Test func emptyMessage() {
    #expect(
      SHA256.hexDigest([])
        == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
  }

  @Test func twoBlockMessage448Bits() {
    let m = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"
    #expect(
      SHA256.hexDigest(Array(m.utf8))
        == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
  }

  // One million 'a': 15 625 blocks, well under a second even in a debug build.
  @Test func oneMillionA() {
    let m = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)
    #expect(
      SHA256.hexDigest(m)
        == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
  }

  // Padding boundaries: 55 bytes fit one block, 56 spill into a second, 64 is one full block.
  // Expected digests computed independently with python3 hashlib.
  @Test(arguments: [
    (55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"),
    (56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"),
    (64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"),
  ])
  func paddingBoundaries(count: Int, digest: String) {
    let m = [UInt8](repeating: UInt8(ascii: "a"), count: count)
    #expect(SHA256.hexDigest(m) == digest)
  }

  @Test func rawDigestIs32Bytes() {
    let d = SHA256.hash(Array("abc".utf8))
    #expect(d.count == 32)
    #expect(d.first == 0xba && d.last == 0xad)
  }
}
