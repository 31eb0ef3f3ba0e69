;; The fast LSTM's kernels (fast-lstm.ts drives them): matrix products over a batch of windows, the gather of
;; each window's projected packet rows, and the gates of tfjs's default LSTM cell. Assembled at build time by
;; scripts/assemble-wat.mjs (the wabt package) into lstm-kernels.ts; a test checks that file is current.
;;
;; Every address is in bytes; every matrix is row-major float32 in the imported memory. Each f32x4
;; instruction works on four outputs (gemm: four columns of a row; gates: four units of a window).
(module
  (import "m" "mem" (memory 1))

  ;; gemm: C[m][4·gv] += A[m][k] · B[k][4·gv]
  ;;   c, ldc: C and the bytes between its rows; a, lda: likewise A; b, ldb: likewise B (whose first 4·gv
  ;;   columns are used: one gate's block of an LSTM kernel, say).
  ;;   m: a multiple of 4 (callers pad their buffers by three rows); gv: a multiple of 2.
  ;; A tile of 4 rows × 8 columns stays in eight registers through the whole sum over k, so each load of B
  ;; feeds four rows and each splat of A feeds eight columns: 16 multiply-adds per 6 loads.
  (func (export "gemm")
    (param $c i32) (param $ldc i32) (param $a i32) (param $lda i32)
    (param $b i32) (param $ldb i32) (param $m i32) (param $k i32) (param $gv i32)
    (local $row i32) (local $i i32) (local $j i32) (local $p i32)
    (local $c0 i32) (local $c1 i32) (local $c2 i32) (local $c3 i32)
    (local $a0 i32) (local $a1 i32) (local $a2 i32) (local $a3 i32) (local $bp i32)
    (local $x00 v128) (local $x01 v128) (local $x10 v128) (local $x11 v128)
    (local $x20 v128) (local $x21 v128) (local $x30 v128) (local $x31 v128)
    (local $b0 v128) (local $b1 v128) (local $s v128)
    (local.set $row (i32.shl (local.get $gv) (i32.const 4)))
    (block $done
      (br_if $done (i32.eqz (local.get $m)))
      (br_if $done (i32.eqz (local.get $gv)))
      (loop $rows
        (local.set $j (i32.const 0))
        (loop $cols
          ;; the tile's four rows of C, at column j (bytes)
          (local.set $c0 (i32.add (local.get $c) (local.get $j)))
          (local.set $c1 (i32.add (local.get $c0) (local.get $ldc)))
          (local.set $c2 (i32.add (local.get $c1) (local.get $ldc)))
          (local.set $c3 (i32.add (local.get $c2) (local.get $ldc)))
          (local.set $x00 (v128.load (local.get $c0)))
          (local.set $x01 (v128.load offset=16 (local.get $c0)))
          (local.set $x10 (v128.load (local.get $c1)))
          (local.set $x11 (v128.load offset=16 (local.get $c1)))
          (local.set $x20 (v128.load (local.get $c2)))
          (local.set $x21 (v128.load offset=16 (local.get $c2)))
          (local.set $x30 (v128.load (local.get $c3)))
          (local.set $x31 (v128.load offset=16 (local.get $c3)))
          (local.set $a0 (local.get $a))
          (local.set $a1 (i32.add (local.get $a0) (local.get $lda)))
          (local.set $a2 (i32.add (local.get $a1) (local.get $lda)))
          (local.set $a3 (i32.add (local.get $a2) (local.get $lda)))
          (local.set $bp (i32.add (local.get $b) (local.get $j)))
          (local.set $p (local.get $k))
          (block $summed
            (br_if $summed (i32.eqz (local.get $p)))
            (loop $sum
              (local.set $b0 (v128.load (local.get $bp)))
              (local.set $b1 (v128.load offset=16 (local.get $bp)))
              (local.set $s (v128.load32_splat (local.get $a0)))
              (local.set $x00 (f32x4.add (local.get $x00) (f32x4.mul (local.get $s) (local.get $b0))))
              (local.set $x01 (f32x4.add (local.get $x01) (f32x4.mul (local.get $s) (local.get $b1))))
              (local.set $s (v128.load32_splat (local.get $a1)))
              (local.set $x10 (f32x4.add (local.get $x10) (f32x4.mul (local.get $s) (local.get $b0))))
              (local.set $x11 (f32x4.add (local.get $x11) (f32x4.mul (local.get $s) (local.get $b1))))
              (local.set $s (v128.load32_splat (local.get $a2)))
              (local.set $x20 (f32x4.add (local.get $x20) (f32x4.mul (local.get $s) (local.get $b0))))
              (local.set $x21 (f32x4.add (local.get $x21) (f32x4.mul (local.get $s) (local.get $b1))))
              (local.set $s (v128.load32_splat (local.get $a3)))
              (local.set $x30 (f32x4.add (local.get $x30) (f32x4.mul (local.get $s) (local.get $b0))))
              (local.set $x31 (f32x4.add (local.get $x31) (f32x4.mul (local.get $s) (local.get $b1))))
              (local.set $a0 (i32.add (local.get $a0) (i32.const 4)))
              (local.set $a1 (i32.add (local.get $a1) (i32.const 4)))
              (local.set $a2 (i32.add (local.get $a2) (i32.const 4)))
              (local.set $a3 (i32.add (local.get $a3) (i32.const 4)))
              (local.set $bp (i32.add (local.get $bp) (local.get $ldb)))
              (br_if $sum (local.tee $p (i32.sub (local.get $p) (i32.const 1))))))
          (v128.store (local.get $c0) (local.get $x00))
          (v128.store offset=16 (local.get $c0) (local.get $x01))
          (v128.store (local.get $c1) (local.get $x10))
          (v128.store offset=16 (local.get $c1) (local.get $x11))
          (v128.store (local.get $c2) (local.get $x20))
          (v128.store offset=16 (local.get $c2) (local.get $x21))
          (v128.store (local.get $c3) (local.get $x30))
          (v128.store offset=16 (local.get $c3) (local.get $x31))
          (local.set $j (i32.add (local.get $j) (i32.const 32)))
          (br_if $cols (i32.lt_u (local.get $j) (local.get $row))))
        (local.set $c (i32.add (local.get $c) (i32.shl (local.get $ldc) (i32.const 2))))
        (local.set $a (i32.add (local.get $a) (i32.shl (local.get $lda) (i32.const 2))))
        (br_if $rows (local.tee $m (i32.sub (local.get $m) (i32.const 4)))))))

  ;; gather: for window j < m and gate q < 4, z_q[j] = t_j[q] + p[idx_j][q], u floats each
  ;;   t: rows of 4u floats (a window's gates side by side); p: the projected packet rows, likewise; idx_j: the
  ;;   i32 at idx + j·idxStride (a row of p); z: gate-major, gate q's rows (u floats each) at z + q·zBlock.
  ;; Each window's packets were projected once however many windows share them; this adds each step's one.
  ;; Gate-major, so that gates runs each activation over one long span of the chunk's windows.
  (func (export "gather")
    (param $z i32) (param $zBlock i32) (param $t i32) (param $p i32) (param $idx i32) (param $idxStride i32)
    (param $m i32) (param $u i32)
    (local $pr i32) (local $zq i32) (local $q i32) (local $v i32) (local $ub i32)
    (local.set $ub (i32.shl (local.get $u) (i32.const 2)))
    (block $done
      (br_if $done (i32.eqz (local.get $m)))
      (br_if $done (i32.eqz (local.get $u)))
      (loop $windows
        (local.set $pr (i32.add (local.get $p) (i32.mul (i32.load (local.get $idx)) (i32.shl (local.get $ub) (i32.const 2)))))
        (local.set $zq (local.get $z))
        (local.set $q (i32.const 4))
        (loop $gates
          (local.set $v (i32.const 0))
          (loop $lanes
            (v128.store (i32.add (local.get $zq) (local.get $v)) (f32x4.add
              (v128.load (i32.add (local.get $t) (local.get $v)))
              (v128.load (i32.add (local.get $pr) (local.get $v)))))
            (br_if $lanes (i32.lt_u (local.tee $v (i32.add (local.get $v) (i32.const 16))) (local.get $ub))))
          (local.set $zq (i32.add (local.get $zq) (local.get $zBlock)))
          (local.set $t (i32.add (local.get $t) (local.get $ub)))
          (local.set $pr (i32.add (local.get $pr) (local.get $ub)))
          (br_if $gates (local.tee $q (i32.sub (local.get $q) (i32.const 1)))))
        (local.set $z (i32.add (local.get $z) (local.get $ub)))
        (local.set $idx (i32.add (local.get $idx) (local.get $idxStride)))
        (br_if $windows (local.tee $m (i32.sub (local.get $m) (i32.const 1)))))))

  ;; tfjs's hard_sigmoid, clamp(0.2·x + 0.5, 0, 1), on n4 vectors from src to dst (which may be src).
  ;; Gates and tanh go over whole spans, not unit by unit: consecutive vectors are independent, so the long
  ;; chains of the polynomials overlap, and there is one call per span rather than per four units.
  (func $hard_sigmoid (param $src i32) (param $dst i32) (param $n4 i32)
    (loop $lanes
      (v128.store (local.get $dst) (f32x4.min
        (f32x4.max
          (f32x4.add
            (f32x4.mul (v128.load (local.get $src)) (v128.const f32x4 0.2 0.2 0.2 0.2))
            (v128.const f32x4 0.5 0.5 0.5 0.5))
          (v128.const f32x4 0 0 0 0))
        (v128.const f32x4 1 1 1 1)))
      (local.set $src (i32.add (local.get $src) (i32.const 16)))
      (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
      (br_if $lanes (local.tee $n4 (i32.sub (local.get $n4) (i32.const 1))))))

  ;; tanh in float32 as Eigen computes it for float (generic_fast_tanh_float), on n4 vectors from src to dst:
  ;; clamp to ±7.9053111, then an odd polynomial of degree 13 over an even one of degree 6; within a few
  ;; float32 ulps of tanh.
  (func $tanh (param $src i32) (param $dst i32) (param $n4 i32)
    (local $x v128) (local $x2 v128) (local $p v128) (local $q v128)
    (loop $lanes
      (local.set $x (f32x4.min (f32x4.max (v128.load (local.get $src))
        (v128.const f32x4 -7.90531110763549805 -7.90531110763549805 -7.90531110763549805 -7.90531110763549805))
        (v128.const f32x4 7.90531110763549805 7.90531110763549805 7.90531110763549805 7.90531110763549805)))
      (local.set $x2 (f32x4.mul (local.get $x) (local.get $x)))
      ;; p = ((((((a13·x2 + a11)·x2 + a9)·x2 + a7)·x2 + a5)·x2 + a3)·x2 + a1)·x
      (local.set $p (v128.const f32x4 -2.76076847742355e-16 -2.76076847742355e-16 -2.76076847742355e-16 -2.76076847742355e-16))
      (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $x2))
        (v128.const f32x4 2.00018790482477e-13 2.00018790482477e-13 2.00018790482477e-13 2.00018790482477e-13)))
      (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $x2))
        (v128.const f32x4 -8.60467152213735e-11 -8.60467152213735e-11 -8.60467152213735e-11 -8.60467152213735e-11)))
      (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $x2))
        (v128.const f32x4 5.12229709037114e-08 5.12229709037114e-08 5.12229709037114e-08 5.12229709037114e-08)))
      (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $x2))
        (v128.const f32x4 1.48572235717979e-05 1.48572235717979e-05 1.48572235717979e-05 1.48572235717979e-05)))
      (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $x2))
        (v128.const f32x4 6.37261928875436e-04 6.37261928875436e-04 6.37261928875436e-04 6.37261928875436e-04)))
      (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $x2))
        (v128.const f32x4 4.89352455891786e-03 4.89352455891786e-03 4.89352455891786e-03 4.89352455891786e-03)))
      (local.set $p (f32x4.mul (local.get $p) (local.get $x)))
      ;; q = ((b6·x2 + b4)·x2 + b2)·x2 + b0
      (local.set $q (v128.const f32x4 1.19825839466702e-06 1.19825839466702e-06 1.19825839466702e-06 1.19825839466702e-06))
      (local.set $q (f32x4.add (f32x4.mul (local.get $q) (local.get $x2))
        (v128.const f32x4 1.18534705686654e-04 1.18534705686654e-04 1.18534705686654e-04 1.18534705686654e-04)))
      (local.set $q (f32x4.add (f32x4.mul (local.get $q) (local.get $x2))
        (v128.const f32x4 2.26843463243900e-03 2.26843463243900e-03 2.26843463243900e-03 2.26843463243900e-03)))
      (local.set $q (f32x4.add (f32x4.mul (local.get $q) (local.get $x2))
        (v128.const f32x4 4.89352518554385e-03 4.89352518554385e-03 4.89352518554385e-03 4.89352518554385e-03)))
      (v128.store (local.get $dst) (f32x4.div (local.get $p) (local.get $q)))
      (local.set $src (i32.add (local.get $src) (i32.const 16)))
      (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
      (br_if $lanes (local.tee $n4 (i32.sub (local.get $n4) (i32.const 1))))))

  ;; gates: one step of tfjs's default LSTM cell (hard_sigmoid gates, tanh) for m windows of u units
  ;;   z: the pre-activations, gate-major (gather's layout: i, f, g, o blocks zBlock bytes apart, each m rows
  ;;   of u), activated in place; c, h (m rows of u, contiguous): the cell state and output, updated in place;
  ;;   the new h_j also goes to out + j·outStride unless out is h. u: a multiple of 4.
  ;; Each activation runs over the chunk's windows in one span: long loops of independent vectors.
  (func (export "gates")
    (param $z i32) (param $zBlock i32) (param $c i32) (param $h i32) (param $out i32) (param $outStride i32)
    (param $m i32) (param $u i32)
    (local $n4 i32) (local $ub i32) (local $q i32) (local $zi i32) (local $zf i32) (local $zg i32) (local $zo i32)
    (local.set $n4 (i32.shr_u (i32.mul (local.get $m) (local.get $u)) (i32.const 2)))
    (block $done
      (br_if $done (i32.eqz (local.get $n4)))
      (local.set $zi (local.get $z))
      (local.set $zf (i32.add (local.get $zi) (local.get $zBlock)))
      (local.set $zg (i32.add (local.get $zf) (local.get $zBlock)))
      (local.set $zo (i32.add (local.get $zg) (local.get $zBlock)))
      (call $hard_sigmoid (local.get $zi) (local.get $zi) (local.get $n4))
      (call $hard_sigmoid (local.get $zf) (local.get $zf) (local.get $n4))
      (call $tanh (local.get $zg) (local.get $zg) (local.get $n4))
      (call $hard_sigmoid (local.get $zo) (local.get $zo) (local.get $n4))
      ;; c = f·c + i·g
      (local.set $q (i32.const 0))
      (local.set $ub (i32.shl (local.get $n4) (i32.const 4)))
      (loop $cells
        (v128.store (i32.add (local.get $c) (local.get $q)) (f32x4.add
          (f32x4.mul (v128.load (i32.add (local.get $zf) (local.get $q))) (v128.load (i32.add (local.get $c) (local.get $q))))
          (f32x4.mul (v128.load (i32.add (local.get $zi) (local.get $q))) (v128.load (i32.add (local.get $zg) (local.get $q))))))
        (br_if $cells (i32.lt_u (local.tee $q (i32.add (local.get $q) (i32.const 16))) (local.get $ub))))
      ;; h = o·tanh(c)
      (call $tanh (local.get $c) (local.get $h) (local.get $n4))
      (local.set $q (i32.const 0))
      (loop $outs
        (v128.store (i32.add (local.get $h) (local.get $q))
          (f32x4.mul (v128.load (i32.add (local.get $zo) (local.get $q))) (v128.load (i32.add (local.get $h) (local.get $q)))))
        (br_if $outs (i32.lt_u (local.tee $q (i32.add (local.get $q) (i32.const 16))) (local.get $ub))))
      ;; and each window's h to out, when out is elsewhere (a layer's sequence, for the next layer)
      (br_if $done (i32.eq (local.get $out) (local.get $h)))
      (local.set $ub (i32.shl (local.get $u) (i32.const 2)))
      (loop $windows
        (local.set $q (i32.const 0))
        (loop $lanes
          (v128.store (i32.add (local.get $out) (local.get $q)) (v128.load (i32.add (local.get $h) (local.get $q))))
          (br_if $lanes (i32.lt_u (local.tee $q (i32.add (local.get $q) (i32.const 16))) (local.get $ub))))
        (local.set $h (i32.add (local.get $h) (local.get $ub)))
        (local.set $out (i32.add (local.get $out) (local.get $outStride)))
        (br_if $windows (local.tee $m (i32.sub (local.get $m) (i32.const 1))))))))
