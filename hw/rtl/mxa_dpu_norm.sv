// SPDX-License-Identifier: MIT
// mxa_dpu_norm.sv - leading-zero count and normalization in log2(Width)
// levels: level k shifts left by 2^k when the top 2^k bits are zero, the
// widest step first, so for a nonzero x_i, lz_o is its number of leading
// zeros and norm_o has its most significant bit set. For x_i = 0 both
// outputs are meaningless; the callers test for zero themselves.
module mxa_dpu_norm #(
  parameter int unsigned Width = 32,   // at least 2
  localparam int unsigned Levels = $clog2(Width)
) (
  input  logic [Width-1:0]   x_i,
  output logic [Levels-1:0]  lz_o,
  output logic [Width-1:0]   norm_o
);

  // Level k reads slice k + 1 and writes slice k; 2^k < Width at every
  // level, so no padding is needed.
  logic [(Levels+1)*Width-1:0] stage /* verilator split_var */;

  assign stage[Levels*Width +: Width] = x_i;

  for (genvar k = 0; k < Levels; k++) begin : g_level
    localparam int unsigned Step = 1 << k;
    logic [Width-1:0] cur;
    logic             zero;
    assign cur     = stage[(k+1)*Width +: Width];
    assign zero    = cur[Width-1 -: Step] == '0;
    assign lz_o[k] = zero;
    assign stage[k*Width +: Width] = zero ? cur << Step : cur;
  end

  assign norm_o = stage[0 +: Width];

endmodule
