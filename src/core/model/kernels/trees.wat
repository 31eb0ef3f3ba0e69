;; The tree ensemble's scoring kernel (trees.ts drives it): oblivious trees over a block of rows laid out
;; feature by feature. Assembled at build time by scripts/assemble-wat.mjs (the wabt package) into
;; trees-kernels.ts; a test checks that file is current.
;;
;; Every address is in bytes. A level of a tree is one f32x4 compare per four rows, its mask turned into the
;; level's share of the leaf's byte offset, so no row branches; then each row adds its leaf's class values.
(module
  (import "m" "mem" (memory 1))

  ;; score: for each tree t < trees, each row j < b (b a multiple of 4):
  ;;   leaf_j = Σ_d [block[off[t·depth + d] + 4j] > thr[t·depth + d]] · 2^d · classes · 4   (bytes)
  ;;   score[j][c] += val[t][leaf_j][c]
  ;; block: the rows' features, each a run of b floats; off: per split, the byte offset of its feature's run;
  ;; thr: per split, its threshold; val: per tree 2^depth leaves × classes floats (a tree is vstride bytes);
  ;; score: b × classes floats, added to; leaf: b i32 of scratch.
  (func (export "score")
    (param $block i32) (param $b i32) (param $off i32) (param $thr i32) (param $trees i32)
    (param $depth i32) (param $val i32) (param $vstride i32) (param $classes i32)
    (param $score i32) (param $leaf i32)
    (local $t i32) (local $d i32) (local $j i32) (local $c i32)
    (local $row i32) (local $lp i32) (local $sp i32) (local $rowBytes i32) (local $split i32)
    (local $th v128) (local $bit v128)
    (local.set $rowBytes (i32.shl (local.get $classes) (i32.const 2)))
    (block $done
      (br_if $done (i32.eqz (local.get $trees)))
      (br_if $done (i32.eqz (local.get $b)))
      (loop $tree
        ;; leaf offsets start at 0
        (local.set $j (i32.const 0))
        (loop $zero
          (v128.store (i32.add (local.get $leaf) (i32.shl (local.get $j) (i32.const 2))) (v128.const i32x4 0 0 0 0))
          (br_if $zero (i32.lt_u (local.tee $j (i32.add (local.get $j) (i32.const 4))) (local.get $b))))
        ;; each level adds its bit where the row's feature exceeds the threshold
        (local.set $d (i32.const 0))
        (block $levels
          (br_if $levels (i32.eqz (local.get $depth)))
          (loop $level
            (local.set $split (i32.shl (i32.add (i32.mul (local.get $t) (local.get $depth)) (local.get $d)) (i32.const 2)))
            (local.set $row (i32.add (local.get $block) (i32.load (i32.add (local.get $off) (local.get $split)))))
            (local.set $th (v128.load32_splat (i32.add (local.get $thr) (local.get $split))))
            (local.set $bit (i32x4.splat (i32.shl (local.get $rowBytes) (local.get $d))))
            (local.set $j (i32.const 0))
            (loop $rows
              (local.set $lp (i32.add (local.get $leaf) (i32.shl (local.get $j) (i32.const 2))))
              (v128.store (local.get $lp)
                (i32x4.add (v128.load (local.get $lp))
                  (v128.and (local.get $bit)
                    (f32x4.gt (v128.load (i32.add (local.get $row) (i32.shl (local.get $j) (i32.const 2))))
                      (local.get $th)))))
              (br_if $rows (i32.lt_u (local.tee $j (i32.add (local.get $j) (i32.const 4))) (local.get $b))))
            (br_if $level (i32.lt_u (local.tee $d (i32.add (local.get $d) (i32.const 1))) (local.get $depth)))))
        ;; each row adds its leaf's values: four classes at a time, then one at a time
        (local.set $j (i32.const 0))
        (local.set $sp (local.get $score))
        (loop $adds
          (local.set $lp
            (i32.add (i32.add (local.get $val) (i32.mul (local.get $t) (local.get $vstride)))
              (i32.load (i32.add (local.get $leaf) (i32.shl (local.get $j) (i32.const 2))))))
          (local.set $c (i32.const 0))
          (block $fours
            (loop $four
              (br_if $fours (i32.gt_u (i32.add (local.get $c) (i32.const 4)) (local.get $classes)))
              (v128.store (i32.add (local.get $sp) (i32.shl (local.get $c) (i32.const 2)))
                (f32x4.add (v128.load (i32.add (local.get $sp) (i32.shl (local.get $c) (i32.const 2))))
                  (v128.load (i32.add (local.get $lp) (i32.shl (local.get $c) (i32.const 2))))))
              (local.set $c (i32.add (local.get $c) (i32.const 4)))
              (br $four)))
          (block $ones
            (loop $one
              (br_if $ones (i32.ge_u (local.get $c) (local.get $classes)))
              (f32.store (i32.add (local.get $sp) (i32.shl (local.get $c) (i32.const 2)))
                (f32.add (f32.load (i32.add (local.get $sp) (i32.shl (local.get $c) (i32.const 2))))
                  (f32.load (i32.add (local.get $lp) (i32.shl (local.get $c) (i32.const 2))))))
              (local.set $c (i32.add (local.get $c) (i32.const 1)))
              (br $one)))
          (local.set $sp (i32.add (local.get $sp) (local.get $rowBytes)))
          (br_if $adds (i32.lt_u (local.tee $j (i32.add (local.get $j) (i32.const 1))) (local.get $b))))
        (br_if $tree (i32.lt_u (local.tee $t (i32.add (local.get $t) (i32.const 1))) (local.get $trees)))))))
