import Foundation

/// Finds the onsets of percussive sounds in interleaved audio (s).
///
/// The envelope e[n] is the largest |sample| over the channels of frame n. A peak-hold
/// h[n] = max(e[n], h[n−1]·exp(−1/(release·f_s))) follows the sound that is already
/// ringing. Frame n is an onset when e[n] > `threshold` (absolute, full-scale units) and
/// e[n] > `ratio`·h[n−1] (a new blow, clearly above the previous ringing), and at least
/// `minimumGap` seconds after the previous onset. After silence this is the first sample
/// above the threshold, so for sounds that start with a step or a sub-millisecond rise
/// (impacts) it lands within a few samples of the true onset; the reported time is n/f_s.
///
/// - Parameters:
///   - samples: interleaved samples.
///   - channelCount: channels per frame.
///   - sampleRate: frames per second (Hz).
///   - threshold: absolute level a new onset must exceed (full scale = 1).
///   - ratio: how far above the held level of the previous sound a new onset must rise.
///   - release: time constant of the peak-hold's release (s).
///   - minimumGap: shortest time between two reported onsets (s).
/// - Returns: onset times (s), increasing.
/// - Complexity: O(samples).
public func detectOnsets(
  samples: [Float], channelCount: Int, sampleRate: Int, threshold: Double = 1e-3,
  ratio: Double = 4, release: Double = 0.01, minimumGap: Double = 0.03
) -> [Double] {
  guard channelCount > 0, sampleRate > 0 else { return [] }
  let fs = Double(sampleRate)
  let frames = samples.count / channelCount
  let decay = release > 0 ? Foundation.exp(-1 / (release * fs)) : 0
  let gap = Int((minimumGap * fs).rounded())
  var hold = 0.0
  var last = Int.min / 2
  var onsets: [Double] = []
  for n in 0..<frames {
    var e = 0.0
    for c in 0..<channelCount {
      let v = Double(samples[n * channelCount + c]).magnitude
      if v > e { e = v }
    }
    if e > threshold && e > ratio * hold && n - last >= gap {
      onsets.append(Double(n) / fs)
      last = n
    }
    hold = Swift.max(e, hold * decay)
  }
  return onsets
}
