// SPDX-License-Identifier: MIT
// mxa_test_engine.sv - a TEST engine for the shell tests: it computes no
// matrix product. For each job it reads every operand row the descriptor
// implies through the engine port and writes D rows whose bytes are a
// deterministic function of everything it read, so that the shell's MMU,
// DMA, ring and completion records can be checked bit for bit against a C
// model (tests/rtl/shell_harness.c holds that model).
//
// What it does with a job:
// 1. Reads, in this order, the rows of A (M rows of the packed row size of K
//    elements of A_FMT), B (N rows), SA (M rows of ceil(K / block) bytes)
//    and SB (N rows) with block scales, and C (M rows of 4N bytes) with
//    HAS_C, at ADDR + row * STRIDE, issuing requests ahead of the data.
// 2. Folds every data beat it receives into h (FNV-1a over the beat's 32-bit
//    little-endian words, h starting at 0x811c9dc5). After each row of A it
//    adds N * K to its MAC counter.
// 3. With an A_FMT of the ternary encoding (TERNARY), a byte of A holding
//    the invalid code 10 ends the job at once with INVALID_CODE, stream A,
//    and the address of that byte.
// 4. Writes D row i (N elements of OUT_FMT) with stream word w equal to
//    fmix32(h + i * 0x9e3779b1 + w * 0x85ebca77) (MurmurHash3's finalizer),
//    leaving out byte j of the row (strobe 0) when (i + j) mod 16 = 13.
// 5. Waits for every write to be acknowledged and ends the job with OK.
// With bit 63 of SEQ set it takes read data and offers write data only on
// three cycles out of four (a 16-bit LFSR decides), to exercise back-pressure.
module mxa_test_engine #(
  parameter int unsigned DataBits = 128,
  localparam int unsigned DataBytes = DataBits / 8,
  localparam int unsigned Words = DataBits / 32
) (
  input  logic                    clk_i,
  input  logic                    rst_ni,
  input  logic                    flush_i,
  output mxa_shell_pkg::caps_t    caps_o,

  input  logic                    job_valid_i,
  output logic                    job_ready_o,
  input  mxa_hw_pkg::desc_t       job_i,
  output logic                    done_valid_o,
  input  logic                    done_ready_i,
  output mxa_shell_pkg::job_end_t done_o,
  output logic [63:0]             macs_o,
  output logic                    dma_stall_o,
  output logic                    compute_stall_o,

  output logic                    rd_req_valid_o,
  input  logic                    rd_req_ready_i,
  output mxa_shell_pkg::mem_req_t rd_req_o,
  input  logic                    rd_valid_i,
  output logic                    rd_ready_o,
  input  logic [DataBits-1:0]     rd_data_i,
  input  logic                    rd_last_i,

  output logic                    wr_req_valid_o,
  input  logic                    wr_req_ready_i,
  output mxa_shell_pkg::mem_req_t wr_req_o,
  output logic                    wr_valid_o,
  input  logic                    wr_ready_i,
  output logic [DataBits-1:0]     wr_data_o,
  output logic [DataBytes-1:0]    wr_strb_o,
  input  logic                    wr_done_i
);

  // Formats 0 to 6 but INT8 and TERNARY_B3, every scale and accumulation
  // mode, both
  // outputs: INT8 shows that validation follows the capability registers;
  // block sizes 8, 16 and 32 but not 64 do the same for BLOCK.
  // (formats, modes, array shape, lane elements, block sizes, TRUNC W
  // range, largest M, N, K, buffer depth)
  assign caps_o = {32'h0000_105f, {16'h0003, 16'h0003}, 32'h0000_0707,
                   {16'd64, 8'd1, 8'd1},
                   {192'd0, {8'd0, 8'd32, 8'd0, 8'd16},
                    {8'd10, 8'd10, 8'd8, 8'd8}},
                   {8'h38, 8'd16, 8'd32, 8'd32},
                   {16'd0, 8'd40, 8'd8}, 32'd4096, 32'd4096, 32'd65536,
                   32'd0};

  typedef enum logic [2:0] {
    S_IDLE,
    S_READ,
    S_WREQ,
    S_WDATA,
    S_WACK,
    S_DONE
  } state_e;

  localparam logic [2:0] StrA = 3'd1, StrB = 3'd2, StrSa = 3'd3,
                         StrSb = 3'd4, StrC = 3'd5, StrEnd = 3'd6;

  state_e       st_q;
  logic [31:0]  m_q, n_q;
  logic [63:0]  nk_q;
  logic         ternary_q, scaled_q, has_c_q, bf16_q, throttle_q;
  logic [31:0]  len_a_q, len_b_q, len_s_q;
  logic [63:0]  b_addr_q, sa_addr_q, sb_addr_q, c_addr_q;
  logic [31:0]  a_str_q, b_str_q, sa_str_q, sb_str_q, c_str_q, d_str_q;

  // request issuer and data consumer walk the same list of rows
  logic [2:0]   is_q, cs_q;
  logic [31:0]  ir_q, cr_q;
  logic [63:0]  ia_q, ca_q;
  logic [31:0]  cb_q;          // beat of the consumed row

  logic [31:0]  h_q;
  logic [63:0]  macs_q;
  logic [31:0]  wi_q, wb_q, wacks_q;
  logic [63:0]  wa_q;
  logic [15:0]  lfsr_q;
  mxa_shell_pkg::job_end_t end_q;

  logic         let_through;
  logic         rd_fire, wr_fire;
  logic [31:0]  h_next;
  logic         bad_byte;
  logic [$clog2(DataBytes)-1:0] bad_pos;
  logic [31:0]  d_len, d_beats;
  logic [DataBits-1:0]  d_data;
  logic [DataBytes-1:0] d_strb;

  // The packed row size of K elements of an element format (fmt_bits from
  // hw/interface/mxa_formats.toml); 8 bits for any other value.
  function automatic logic [31:0] row_bytes(input logic [31:0] k,
                                            input logic [7:0] fmt);
    logic [3:0] bits;
    bits = fmt < 8'd32 && mxa_hw_pkg::FMT_ELEMENT_MASK[fmt[4:0]]
         ? 4'(mxa_hw_pkg::fmt_bits(32'(fmt))) : 4'd8;
    row_bytes = 32'((36'(k) * 36'(bits) + 36'd7) >> 3);
  endfunction

  function automatic logic [31:0] fmix32(input logic [31:0] x);
    logic [31:0] y;
    y = x ^ (x >> 16);
    y = y * 32'h85eb_ca6b;
    y = y ^ (y >> 13);
    y = y * 32'hc2b2_ae35;
    fmix32 = y ^ (y >> 16);
  endfunction

  function automatic logic present(input logic [2:0] s, input logic scaled,
                                   input logic has_c);
    present = s == StrA || s == StrB || ((s == StrSa || s == StrSb) && scaled)
           || (s == StrC && has_c) || s == StrEnd;
  endfunction

  function automatic logic [2:0] next_stream(input logic [2:0] s,
                                             input logic scaled,
                                             input logic has_c);
    logic [2:0] t;
    t = s + 3'd1;
    if (!present(t, scaled, has_c)) t = t + 3'd1;
    if (!present(t, scaled, has_c)) t = t + 3'd1;
    if (!present(t, scaled, has_c)) t = t + 3'd1;
    next_stream = t;
  endfunction

  function automatic logic [31:0] rows_of(input logic [2:0] s,
                                          input logic [31:0] m,
                                          input logic [31:0] n);
    rows_of = (s == StrB || s == StrSb) ? n : m;
  endfunction

  logic [31:0] is_len, is_rows, cs_rows, is_stride, cs_stride;
  logic [2:0]  is_next, cs_next;

  always_comb begin
    unique case (is_q)
      StrA:    begin is_len = len_a_q;  is_stride = a_str_q;  end
      StrB:    begin is_len = len_b_q;  is_stride = b_str_q;  end
      StrSa:   begin is_len = len_s_q;  is_stride = sa_str_q; end
      StrSb:   begin is_len = len_s_q;  is_stride = sb_str_q; end
      default: begin is_len = n_q << 2; is_stride = c_str_q;  end
    endcase
    unique case (cs_q)
      StrA:    cs_stride = a_str_q;
      StrB:    cs_stride = b_str_q;
      StrSa:   cs_stride = sa_str_q;
      StrSb:   cs_stride = sb_str_q;
      default: cs_stride = c_str_q;
    endcase
  end

  assign is_rows = rows_of(is_q, m_q, n_q);
  assign cs_rows = rows_of(cs_q, m_q, n_q);
  assign is_next = next_stream(is_q, scaled_q, has_c_q);
  assign cs_next = next_stream(cs_q, scaled_q, has_c_q);

  // ---------------------------------------------------------------- data
  always_comb begin
    h_next = h_q;
    for (int w = 0; w < Words; w++) begin
      h_next = (h_next ^ rd_data_i[w*32 +: 32]) * 32'h0100_0193;
    end
  end

  always_comb begin
    bad_byte = 1'b0;
    bad_pos  = '0;
    for (int b = DataBytes - 1; b >= 0; b--) begin
      if (rd_data_i[b*8 +: 2] == 2'b10 || rd_data_i[b*8+2 +: 2] == 2'b10
          || rd_data_i[b*8+4 +: 2] == 2'b10 || rd_data_i[b*8+6 +: 2] == 2'b10) begin
        bad_byte = 1'b1;
        bad_pos  = $clog2(DataBytes)'(b);
      end
    end
  end

  assign d_len   = bf16_q ? n_q << 1 : n_q << 2;
  assign d_beats = (d_len + 32'(DataBytes - 1)) >> $clog2(DataBytes);

  always_comb begin
    for (int w = 0; w < Words; w++) begin
      d_data[w*32 +: 32] = fmix32(h_q + wi_q * 32'h9e37_79b1
                                  + (wb_q * 32'(Words) + 32'(w)) * 32'h85eb_ca77);
    end
    for (int j = 0; j < DataBytes; j++) begin
      d_strb[j] = 4'(wi_q + wb_q * 32'(DataBytes) + 32'(j)) != 4'd13;
    end
  end

  // ---------------------------------------------------------------- ports
  assign let_through = ~throttle_q | (lfsr_q[1:0] != 2'b00);

  assign job_ready_o    = st_q == S_IDLE;
  assign rd_req_valid_o = st_q == S_READ && is_q != StrEnd;
  assign rd_req_o       = {ia_q, is_len, is_q};
  assign rd_ready_o     = st_q == S_READ && let_through;
  assign rd_fire        = rd_valid_i & rd_ready_o;

  assign wr_req_valid_o = st_q == S_WREQ;
  assign wr_req_o       = {wa_q, d_len, 3'(mxa_hw_pkg::STREAM_D)};
  assign wr_valid_o     = st_q == S_WDATA && let_through;
  assign wr_data_o      = d_data;
  assign wr_strb_o      = d_strb;
  assign wr_fire        = wr_valid_o & wr_ready_i;

  assign done_valid_o   = st_q == S_DONE;
  assign done_o         = end_q;
  assign macs_o         = macs_q;

  assign dma_stall_o     = (st_q == S_READ && !rd_valid_i)
                        || (wr_valid_o && !wr_ready_i);
  assign compute_stall_o = rd_valid_i && !rd_ready_o && st_q == S_READ;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      st_q <= S_IDLE;
      m_q <= '0; n_q <= '0; nk_q <= '0;
      ternary_q <= 1'b0; scaled_q <= 1'b0; has_c_q <= 1'b0; bf16_q <= 1'b0;
      throttle_q <= 1'b0;
      len_a_q <= '0; len_b_q <= '0; len_s_q <= '0;
      b_addr_q <= '0; sa_addr_q <= '0; sb_addr_q <= '0;
      c_addr_q <= '0;
      a_str_q <= '0; b_str_q <= '0; sa_str_q <= '0; sb_str_q <= '0;
      c_str_q <= '0; d_str_q <= '0;
      is_q <= StrA; cs_q <= StrA; ir_q <= '0; cr_q <= '0;
      ia_q <= '0; ca_q <= '0; cb_q <= '0;
      h_q <= '0; macs_q <= '0;
      wi_q <= '0; wb_q <= '0; wacks_q <= '0; wa_q <= '0;
      lfsr_q <= 16'hace1;
      end_q <= '0;
    end else begin
      // x^16 + x^14 + x^13 + x^11 + 1
      lfsr_q <= {lfsr_q[14:0], lfsr_q[15] ^ lfsr_q[13] ^ lfsr_q[12] ^ lfsr_q[10]};
      if (flush_i) begin
        st_q <= S_IDLE;
      end else begin
        if (wr_done_i) begin
          wacks_q <= wacks_q + 32'd1;
        end

        unique case (st_q)
          S_IDLE: begin
            if (job_valid_i) begin
              st_q       <= S_READ;
              m_q        <= job_i.m;
              n_q        <= job_i.n;
              nk_q       <= 64'(job_i.n) * 64'(job_i.k);
              ternary_q  <= mxa_hw_pkg::fmt_encoding(32'(job_i.a_fmt))
                            == mxa_hw_pkg::FMT_ENC_TERNARY;
              scaled_q   <= job_i.scale_mode != 8'(mxa_hw_pkg::SCALE_NONE);
              has_c_q    <= job_i.flags[mxa_hw_pkg::DESC_FLAGS_HAS_C_LSB];
              bf16_q     <= job_i.out_fmt == 8'(mxa_hw_pkg::FMT_BF16);
              throttle_q <= job_i.seq[63];
              len_a_q    <= row_bytes(job_i.k, job_i.a_fmt);
              len_b_q    <= row_bytes(job_i.k, job_i.b_fmt);
              len_s_q    <= job_i.scale_mode == 8'(mxa_hw_pkg::SCALE_NV)
                          ? (job_i.k + 32'd15) >> 4 : (job_i.k + 32'd31) >> 5;
              a_str_q    <= job_i.a_stride;
              b_addr_q   <= job_i.b_addr;   b_str_q  <= job_i.b_stride;
              sa_addr_q  <= job_i.sa_addr;  sa_str_q <= job_i.sa_stride;
              sb_addr_q  <= job_i.sb_addr;  sb_str_q <= job_i.sb_stride;
              c_addr_q   <= job_i.c_addr;   c_str_q  <= job_i.c_stride;
              d_str_q    <= job_i.d_stride;
              is_q <= StrA; cs_q <= StrA; ir_q <= '0; cr_q <= '0;
              ia_q <= job_i.a_addr; ca_q <= job_i.a_addr; cb_q <= '0;
              h_q <= 32'h811c_9dc5; macs_q <= '0;
              wi_q <= '0; wb_q <= '0; wacks_q <= '0; wa_q <= job_i.d_addr;
            end
          end

          S_READ: begin
            if (rd_req_valid_o && rd_req_ready_i) begin
              if (ir_q + 32'd1 == is_rows) begin
                is_q <= is_next;
                ir_q <= '0;
                unique case (is_next)
                  StrB:    ia_q <= b_addr_q;
                  StrSa:   ia_q <= sa_addr_q;
                  StrSb:   ia_q <= sb_addr_q;
                  default: ia_q <= c_addr_q;
                endcase
              end else begin
                ir_q <= ir_q + 32'd1;
                ia_q <= ia_q + 64'(is_stride);
              end
            end
            if (rd_fire) begin
              h_q  <= h_next;
              cb_q <= cb_q + 32'd1;
              if (cs_q == StrA && ternary_q && bad_byte) begin
                st_q  <= S_DONE;
                end_q <= {16'(mxa_hw_pkg::STATUS_INVALID_CODE),
                          16'(mxa_hw_pkg::STREAM_A),
                          ca_q + 64'(cb_q) * 64'(DataBytes) + 64'(bad_pos)};
              end else if (rd_last_i) begin
                cb_q <= '0;
                if (cs_q == StrA) begin
                  macs_q <= macs_q + nk_q;
                end
                if (cr_q + 32'd1 == cs_rows) begin
                  cs_q <= cs_next;
                  cr_q <= '0;
                  unique case (cs_next)
                    StrB:    ca_q <= b_addr_q;
                    StrSa:   ca_q <= sa_addr_q;
                    StrSb:   ca_q <= sb_addr_q;
                    default: ca_q <= c_addr_q;
                  endcase
                  if (cs_next == StrEnd) begin
                    st_q <= S_WREQ;
                  end
                end else begin
                  cr_q <= cr_q + 32'd1;
                  ca_q <= ca_q + 64'(cs_stride);
                end
              end
            end
          end

          S_WREQ: begin
            if (wr_req_ready_i) begin
              st_q <= S_WDATA;
              wb_q <= '0;
            end
          end

          S_WDATA: begin
            if (wr_fire) begin
              wb_q <= wb_q + 32'd1;
              if (wb_q + 32'd1 == d_beats) begin
                wi_q <= wi_q + 32'd1;
                wa_q <= wa_q + 64'(d_str_q);
                st_q <= wi_q + 32'd1 == m_q ? S_WACK : S_WREQ;
              end
            end
          end

          S_WACK: begin
            if (wacks_q + 32'(wr_done_i) == m_q) begin
              st_q  <= S_DONE;
              end_q <= '0;
            end
          end

          S_DONE: begin
            if (done_ready_i) begin
              st_q <= S_IDLE;
            end
          end

          default: st_q <= S_IDLE;
        endcase
      end
    end
  end

endmodule
