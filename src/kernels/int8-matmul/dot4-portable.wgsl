// Portable dot4 (no language feature needed): sign-extends the four bytes of each word with
// extractBits on i32 (byte j = bits 8j..8j+7) and takes the integer dot product. Exact: each
// product is at most 2^14 in magnitude, the sum of four at most 2^16.

fn unpackSigned(word: u32) -> vec4<i32> {
  let v = bitcast<i32>(word);
  return vec4(extractBits(v, 0u, 8u), extractBits(v, 8u, 8u), extractBits(v, 16u, 8u), extractBits(v, 24u, 8u));
}

fn dot4(a: u32, b: u32) -> i32 {
  return dot(unpackSigned(a), unpackSigned(b));
}
