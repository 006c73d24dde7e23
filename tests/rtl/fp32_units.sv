// SPDX-License-Identifier: MIT
// fp32_units.sv - the binary32 units of the dot-product unit side by side,
// so that one Verilated model lets test_fp32.c check them against the
// host's IEEE arithmetic.
module fp32_units (
  input  logic [31:0] a_i,
  input  logic [31:0] b_i,
  output logic [31:0] sum_o,    // a + b
  output logic [31:0] prod_o,   // a x b
  output logic [15:0] bf16_o    // bf16(a)
);

  mxa_fp32_add u_add (
    .a_i (a_i),
    .b_i (b_i),
    .s_o (sum_o)
  );

  mxa_fp32_mul u_mul (
    .a_i (a_i),
    .b_i (b_i),
    .p_o (prod_o)
  );

  mxa_fp32_bf16 u_bf16 (
    .f_i (a_i),
    .h_o (bf16_o)
  );

endmodule
