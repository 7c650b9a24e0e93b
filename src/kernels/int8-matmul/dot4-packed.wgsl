// dot4 through the builtin of the WGSL language feature packed_4x8_integer_dot_product:
// the sum of the products of the four signed bytes of a and b, as i32.
requires packed_4x8_integer_dot_product;

fn dot4(a: u32, b: u32) -> i32 {
  return dot4I8Packed(a, b);
}
