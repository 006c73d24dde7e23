// SPDX-License-Identifier: MIT
// mxa_eng_load.sv - puts the read data of a job where it belongs: each
// returning row (the walker that follows the data says which) goes into its
// bank of the operand memories or of the C buffer, one bus word a cycle,
// as soon as that bank is free, and every code is validated on the way in.
//
// Banks: A bank p holds the SA and A rows of a panel, B bank t the SB, B
// and C rows of a tile. A bank is free until the last row of its group is in
// (then full), and full until the sequencer has issued the last beat that
// reads it (release_*). Data for a bank that is not free waits in the
// shell's read queue: that wait is the compute-bound stall.
//
// Invalid codes (numerics.md 1-2, hw/interface/mxa_formats.toml): an
// element 10 of a densely packed format of the ternary encoding among the
// first K elements of a row of A or B; a byte above 242 among the first
// ceil(K / 5) bytes of a row packed in base 3 (each holds a digit of an
// element below K); a scale of mode NV (UE4M3) with a bit set above its
// sign, exponent and mantissa (bit 7). The first such byte of the stream
// ends the job: err_o, with the stream and the byte's virtual address. (The
// engine builds no element format with other invalid codes, and E8M0, the
// MX scale format, has none.)
module mxa_eng_load #(
  parameter int unsigned Rows     = 8,
  parameter int unsigned Cols     = 2,
  parameter int unsigned DataBits = 256,
  parameter int unsigned WBits    = 7,    // word index within a row
  parameter int unsigned KBits    = 13,
  localparam int unsigned IdxBits = mxa_eng_pkg::idx_bits(Rows, Cols)
) (
  input  logic                 clk_i,
  input  logic                 rst_ni,
  input  logic                 clr_i,
  input  logic                 start_i,

  input  logic [KBits-1:0]     k_i,
  input  logic                 a_tern_i,   // A's format is 2-bit ternary codes
  input  logic                 b_tern_i,
  input  logic                 a_b3_i,     // A's format is packed in base 3
  input  logic                 b_b3_i,
  input  logic [KBits-1:0]     b3_bytes_i, // base 3: bytes of a row, ceil(K / 5)
  input  logic                 nv_i,       // scales are UE4M3

  // The row the data belongs to (mxa_eng_walk).
  input  logic                 item_valid_i,
  input  logic [2:0]           item_stream_i,
  input  logic [IdxBits-1:0]   item_idx_i,
  input  logic                 item_bank_i,
  input  logic [63:0]          item_addr_i,
  input  logic                 item_last_i,
  output logic                 item_next_o,

  input  logic                 rd_valid_i,
  output logic                 rd_ready_o,
  input  logic [DataBits-1:0]  rd_data_i,
  input  logic                 rd_last_i,

  input  logic                 a_release_i,
  input  logic                 a_release_bank_i,
  input  logic                 b_release_i,
  input  logic                 b_release_bank_i,
  output logic [1:0]           a_full_o,
  output logic [1:0]           b_full_o,

  // Writes: word w_word_o of bank w_bank_o of the rows whose enable is set.
  output logic [Rows-1:0]      w_a_o,
  output logic [Rows-1:0]      w_sa_o,
  output logic [Cols-1:0]      w_b_o,
  output logic [Cols-1:0]      w_sb_o,
  output logic                 w_c_o,      // C row w_idx_o
  output logic [IdxBits-1:0]   w_idx_o,
  output logic                 w_bank_o,
  output logic [WBits-1:0]     w_word_o,
  output logic [DataBits-1:0]  w_data_o,

  output logic                 err_o,
  output logic [2:0]           err_stream_o,
  output logic [63:0]          err_addr_o,

  output logic                 stall_o     // data waits for a bank
);

  localparam int unsigned Bytes    = DataBits / 8;
  localparam int unsigned Pairs    = DataBits / 2;
  localparam int unsigned ByteBits = $clog2(Bytes);
  localparam int unsigned PairBits = $clog2(Pairs) + 1;
  localparam int unsigned KWide    = KBits + 3;
  // The bits of an NV scale code that must be 0: those above the scale
  // format's sign, exponent and mantissa.
  localparam int unsigned NvFmt     = 32'(mxa_hw_pkg::FMT_UE4M3);
  localparam int unsigned NvPayload = mxa_hw_pkg::fmt_signed(NvFmt)
      + mxa_hw_pkg::fmt_exp_bits(NvFmt) + mxa_hw_pkg::fmt_man_bits(NvFmt);
  localparam logic [7:0]  NvHigh = 8'(9'h1ff << NvPayload);

  localparam logic [2:0] StrA  = 3'(mxa_hw_pkg::STREAM_A);
  localparam logic [2:0] StrB  = 3'(mxa_hw_pkg::STREAM_B);
  localparam logic [2:0] StrSa = 3'(mxa_hw_pkg::STREAM_SA);
  localparam logic [2:0] StrSb = 3'(mxa_hw_pkg::STREAM_SB);
  localparam logic [2:0] StrC  = 3'(mxa_hw_pkg::STREAM_C);

  logic [1:0]        a_full_q, b_full_q;
  logic [WBits-1:0]  word_q;
  logic              err_q;
  logic [2:0]        err_stream_q;
  logic [63:0]       err_addr_q;

  logic              is_b_group, free, fire;

  assign is_b_group = item_stream_i == StrB || item_stream_i == StrSb
                   || item_stream_i == StrC;
  assign free       = is_b_group ? !b_full_q[item_bank_i] : !a_full_q[item_bank_i];
  assign rd_ready_o = item_valid_i && free && !err_q;
  assign fire       = rd_valid_i && rd_ready_o;
  assign item_next_o = fire && rd_last_i;
  assign stall_o    = rd_valid_i && item_valid_i && !free && !err_q;

  assign a_full_o     = a_full_q;
  assign b_full_o     = b_full_q;
  assign err_o        = err_q;
  assign err_stream_o = err_stream_q;
  assign err_addr_o   = err_addr_q;

  // ---------------------------------------------------------------- writes
  for (genvar r = 0; r < Rows; r++) begin : g_row
    assign w_a_o[r]  = fire && item_stream_i == StrA && 32'(item_idx_i) == r;
    assign w_sa_o[r] = fire && item_stream_i == StrSa && 32'(item_idx_i) == r;
  end
  for (genvar c = 0; c < Cols; c++) begin : g_col
    assign w_b_o[c]  = fire && item_stream_i == StrB && 32'(item_idx_i) == c;
    assign w_sb_o[c] = fire && item_stream_i == StrSb && 32'(item_idx_i) == c;
  end
  assign w_c_o    = fire && item_stream_i == StrC;
  assign w_idx_o  = item_idx_i;
  assign w_bank_o = item_bank_i;
  assign w_word_o = word_q;
  assign w_data_o = rd_data_i;

  // ---------------------------------------------------------------- codes
  logic              tern, b3, scales;
  logic [KWide-1:0]  b3_left;      // base-3 bytes of the row from this word
  logic [KWide-1:0]  before_word;  // elements of the row before this word
  logic [KWide-1:0]  k_left;
  logic [PairBits-1:0] valid_pairs;
  logic [Bytes-1:0]  bad;
  logic              any_bad;
  logic [ByteBits-1:0] bad_pos;

  assign tern   = (item_stream_i == StrA && a_tern_i)
               || (item_stream_i == StrB && b_tern_i);
  assign b3     = (item_stream_i == StrA && a_b3_i)
               || (item_stream_i == StrB && b_b3_i);
  assign scales = (item_stream_i == StrSa || item_stream_i == StrSb) && nv_i;
  assign b3_left = KWide'(b3_bytes_i) - KWide'(word_q) * KWide'(Bytes);
  assign before_word = KWide'(word_q) * KWide'(Pairs);
  assign k_left      = KWide'(k_i) - before_word;
  // The last byte of a row may hold pairs past K, which readers ignore.
  // (Only TERNARY rows need it, and their words all start below K.)
  assign valid_pairs = k_left >= KWide'(Pairs) ? PairBits'(Pairs) : PairBits'(k_left);

  always_comb begin
    for (int b = 0; b < Bytes; b++) begin
      bad[b] = (scales && (rd_data_i[8*b +: 8] & NvHigh) != '0)
            || (b3 && rd_data_i[8*b +: 8] > 8'd242 && KWide'(b) < b3_left);
      for (int q = 0; q < 4; q++) begin
        if (tern && rd_data_i[8*b + 2*q +: 2] == 2'b10
            && PairBits'(4 * b + q) < valid_pairs) begin
          bad[b] = 1'b1;
        end
      end
    end
  end

  always_comb begin
    any_bad = 1'b0;
    bad_pos = '0;
    for (int b = Bytes - 1; b >= 0; b--) begin
      if (bad[b]) begin
        any_bad = 1'b1;
        bad_pos = ByteBits'(b);
      end
    end
  end

  // ---------------------------------------------------------------- state
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      a_full_q     <= '0;
      b_full_q     <= '0;
      word_q       <= '0;
      err_q        <= 1'b0;
      err_stream_q <= '0;
      err_addr_q   <= '0;
    end else if (clr_i || start_i) begin
      a_full_q <= '0;
      b_full_q <= '0;
      word_q   <= '0;
      err_q    <= 1'b0;
    end else begin
      if (a_release_i) a_full_q[a_release_bank_i] <= 1'b0;
      if (b_release_i) b_full_q[b_release_bank_i] <= 1'b0;
      if (fire) begin
        word_q <= rd_last_i ? '0 : word_q + 1'b1;
        if (rd_last_i && item_last_i) begin
          if (is_b_group) b_full_q[item_bank_i] <= 1'b1;
          else            a_full_q[item_bank_i] <= 1'b1;
        end
        if (any_bad) begin
          err_q        <= 1'b1;
          err_stream_q <= item_stream_i;
          err_addr_q   <= item_addr_i + 64'(word_q) * 64'(Bytes) + 64'(bad_pos);
        end
      end
    end
  end

endmodule
