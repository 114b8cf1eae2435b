;; Philox4x32-10 blocks (philox.ts), for randomBits: block b of a draw is the generator at key
;; (k0, k1) and counter (c0, c1, 0, 0) = the low and high words of start + b, as four uint32 words
;; at byte 16 b of the module's own memory. The 32 x 32 -> 64-bit products are i64.mul of the
;; zero-extended words: the same words as the JavaScript version, bit for bit.
;; Assembled by wabt 1.0.32's wat2wasm; the bytes are embedded in philox-wasm.ts.
(module
  (memory (export "memory") 1)
  (func (export "blocks") (param $k0 i32) (param $k1 i32) (param $start i64) (param $count i32)
    (local $b i32) (local $c i64) (local $round i32)
    (local $x0 i32) (local $x1 i32) (local $x2 i32) (local $x3 i32) (local $key0 i32) (local $key1 i32)
    (local $p0 i64) (local $p1 i64)
    (block $done
      (loop $block
        (br_if $done (i32.ge_u (local.get $b) (local.get $count)))
        (local.set $c (i64.add (local.get $start) (i64.extend_i32_u (local.get $b))))
        (local.set $x0 (i32.wrap_i64 (local.get $c)))
        (local.set $x1 (i32.wrap_i64 (i64.shr_u (local.get $c) (i64.const 32))))
        (local.set $x2 (i32.const 0))
        (local.set $x3 (i32.const 0))
        (local.set $key0 (local.get $k0))
        (local.set $key1 (local.get $k1))
        (local.set $round (i32.const 10))
        (loop $rounds
          (local.set $p0 (i64.mul (i64.const 0xd2511f53) (i64.extend_i32_u (local.get $x0))))
          (local.set $p1 (i64.mul (i64.const 0xcd9e8d57) (i64.extend_i32_u (local.get $x2))))
          (local.set $x0 (i32.xor (i32.xor (i32.wrap_i64 (i64.shr_u (local.get $p1) (i64.const 32))) (local.get $x1)) (local.get $key0)))
          (local.set $x1 (i32.wrap_i64 (local.get $p1)))
          (local.set $x2 (i32.xor (i32.xor (i32.wrap_i64 (i64.shr_u (local.get $p0) (i64.const 32))) (local.get $x3)) (local.get $key1)))
          (local.set $x3 (i32.wrap_i64 (local.get $p0)))
          (local.set $key0 (i32.add (local.get $key0) (i32.const 0x9e3779b9)))
          (local.set $key1 (i32.add (local.get $key1) (i32.const 0xbb67ae85)))
          (local.set $round (i32.sub (local.get $round) (i32.const 1)))
          (br_if $rounds (local.get $round)))
        (i32.store (i32.shl (local.get $b) (i32.const 4)) (local.get $x0))
        (i32.store offset=4 (i32.shl (local.get $b) (i32.const 4)) (local.get $x1))
        (i32.store offset=8 (i32.shl (local.get $b) (i32.const 4)) (local.get $x2))
        (i32.store offset=12 (i32.shl (local.get $b) (i32.const 4)) (local.get $x3))
        (local.set $b (i32.add (local.get $b) (i32.const 1)))
        (br $block)))))
