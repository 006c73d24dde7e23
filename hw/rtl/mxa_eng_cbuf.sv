// SPDX-License-Identifier: MIT
// mxa_eng_cbuf.sv - the C buffer: for each of the two B banks, the C
// values of the tile loaded there (Rows rows of Cols FP32 values, each row
// a segment of a row of C read as one request). The first beat of a tile
// gives every unit its C[i][j]; the buffer is read with the beat's S0 state
// and its output is registered (S1), like the operand memories.
module mxa_eng_cbuf #(
  parameter int unsigned Rows     = 8,
  parameter int unsigned Cols     = 2,
  parameter int unsigned DataBits = 256,
  parameter int unsigned WBits    = 7,
  localparam int unsigned IdxBits = mxa_eng_pkg::idx_bits(Rows, Cols),
  localparam int unsigned CBits   = Rows * Cols * 32
) (
  input  logic                 clk_i,
  input  logic                 rst_ni,
  input  logic                 we_i,
  input  logic                 wbank_i,
  input  logic [IdxBits-1:0]   widx_i,    // row of the tile
  input  logic [WBits-1:0]     wword_i,   // bus word of the row segment
  input  logic [DataBits-1:0]  wdata_i,
  input  logic                 rbank_i,
  output logic [CBits-1:0]     c_o        // (r, c) in bits 32(r Cols + c) + 31 ...
);

  logic [CBits-1:0] bank0_q, bank1_q;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      bank0_q <= '0;
      bank1_q <= '0;
      c_o     <= '0;
    end else begin
      for (int r = 0; r < Rows; r++) begin
        for (int c = 0; c < Cols; c++) begin
          // Value c of a row is bytes 4c ... 4c + 3 of its segment.
          if (we_i && 32'(widx_i) == r && 32'(wword_i) == 32 * c / DataBits) begin
            if (wbank_i) bank1_q[32*(r*Cols+c) +: 32] <= wdata_i[(32*c) % DataBits +: 32];
            else         bank0_q[32*(r*Cols+c) +: 32] <= wdata_i[(32*c) % DataBits +: 32];
          end
        end
      end
      c_o <= rbank_i ? bank1_q : bank0_q;
    end
  end

endmodule
