// SPDX-License-Identifier: MIT
// mxa_eng_seq.sv - the tile sequencer: the order in which the array
// computes the output tiles of a job (panel by panel of Rows rows, tile by
// tile of Cols columns within a panel, as mxa_eng_walk loads them) and the
// beats of each tile along K.
//
// A tile starts when its B bank and its panel's A bank are full and the
// result queue has room for its outputs (a credit); then its beats follow
// one a cycle without a gap, and the next tile's first beat follows its
// last one. A beat carries count = min(rate, block left, K left) element
// pairs from element k0: it never straddles a block (docs/rtl-dpu.md 1).
// The beat's state is registered (the S0 stage of docs/rtl-engine.md): the
// feeders address the operand memories with it directly.
module mxa_eng_seq #(
  parameter int unsigned Rows     = 8,
  parameter int unsigned Cols     = 2,
  parameter int unsigned KBits    = 13,
  parameter int unsigned CntBits  = 5,    // pairs of a beat, 1 ... rate
  parameter int unsigned BlkBits  = 9,
  parameter int unsigned Credits  = 32,   // tiles the result queue holds
  localparam int unsigned RBits   = $clog2(Rows + 1),
  localparam int unsigned CBits   = $clog2(Cols + 1)
) (
  input  logic                 clk_i,
  input  logic                 rst_ni,
  input  logic                 clr_i,
  input  logic                 start_i,

  input  logic [31:0]          m_i,
  input  logic [31:0]          n_i,
  input  logic [KBits-1:0]     k_i,
  input  logic [CntBits-1:0]   rate_i,     // pairs per beat
  input  logic [2:0]           bs_log_i,   // blocks of 2^bs_log_i: 8 ... 64

  input  logic [1:0]           a_full_i,
  input  logic [1:0]           b_full_i,
  input  logic                 credit_i,   // a tile's results have left

  // The beat (S0).
  output logic                 valid_o,
  output logic [KBits-1:0]     k0_o,
  output logic [CntBits-1:0]   count_o,
  output logic                 first_o,
  output logic                 block_end_o,
  output logic                 last_o,
  output logic [BlkBits-1:0]   blk_o,
  output logic                 a_bank_o,
  output logic                 b_bank_o,
  output logic [RBits-1:0]     rows_o,     // rows of the tile inside the matrix
  output logic [CBits-1:0]     cols_o,

  output logic                 a_release_o,  // with the panel's last beat
  output logic                 b_release_o,  // with the tile's last beat
  output logic                 stall_o       // a tile waits for data or room
);

  localparam int unsigned CredBits = $clog2(Credits + 1);

  typedef enum logic [1:0] {
    Q_IDLE,
    Q_WAIT,
    Q_RUN,
    Q_DONE
  } state_e;

  state_e              st_q, st_d;
  logic [KBits-1:0]    k0_q, k0_d;
  logic [6:0]          pos_q, pos_d;      // element k0 within its block
  logic [BlkBits-1:0]  blk_q, blk_d;
  logic [31:0]         t_mrem_q, t_mrem_d, t_nrem_q, t_nrem_d;
  logic                a_bank_q, a_bank_d, b_bank_q, b_bank_d;
  logic [CredBits-1:0] cred_q, cred_d;

  logic [6:0]          bs, blk_left;
  logic [KBits-1:0]    k_left;
  logic [CntBits-1:0]  count;
  logic                last, block_end, panel_end, job_end;
  logic                next_a, next_b, next_ready, take;

  assign bs        = 7'd1 << bs_log_i;
  assign blk_left  = bs - pos_q;
  assign k_left    = k_i - k0_q;

  always_comb begin
    count = rate_i;
    if (KBits'(blk_left) < KBits'(count)) count = CntBits'(blk_left);
    if (k_left < KBits'(count))           count = CntBits'(k_left);
  end

  assign last      = KBits'(count) == k_left;
  assign block_end = last || 7'(count) == blk_left;
  // The tile is the last of its panel; of the job.
  assign panel_end = t_nrem_q <= 32'(Cols);
  assign job_end   = panel_end && t_mrem_q <= 32'(Rows);

  assign valid_o     = st_q == Q_RUN;
  assign k0_o        = k0_q;
  assign count_o     = count;
  assign first_o     = k0_q == '0;
  assign block_end_o = block_end;
  assign last_o      = last;
  assign blk_o       = blk_q;
  assign a_bank_o    = a_bank_q;
  assign b_bank_o    = b_bank_q;
  assign rows_o      = t_mrem_q < 32'(Rows) ? RBits'(t_mrem_q) : RBits'(Rows);
  assign cols_o      = t_nrem_q < 32'(Cols) ? CBits'(t_nrem_q) : CBits'(Cols);

  assign a_release_o = st_q == Q_RUN && last && panel_end;
  assign b_release_o = st_q == Q_RUN && last;
  assign stall_o     = st_q == Q_WAIT;

  // The banks of the tile after this one, and whether it can start now.
  assign next_a     = panel_end ? ~a_bank_q : a_bank_q;
  assign next_b     = ~b_bank_q;

  always_comb begin
    st_d     = st_q;
    k0_d     = k0_q;
    pos_d    = pos_q;
    blk_d    = blk_q;
    t_mrem_d = t_mrem_q;
    t_nrem_d = t_nrem_q;
    a_bank_d = a_bank_q;
    b_bank_d = b_bank_q;
    take     = 1'b0;
    next_ready = 1'b0;

    unique case (st_q)
      Q_WAIT: begin
        if (a_full_i[a_bank_q] && b_full_i[b_bank_q] && cred_q != '0) begin
          take = 1'b1;
          st_d = Q_RUN;
        end
      end
      Q_RUN: begin
        k0_d  = k0_q + KBits'(count);
        pos_d = block_end ? '0 : pos_q + 7'(count);
        blk_d = block_end ? blk_q + 1'b1 : blk_q;
        if (last) begin
          k0_d     = '0;
          blk_d    = '0;
          a_bank_d = next_a;
          b_bank_d = next_b;
          if (panel_end) begin
            t_nrem_d = n_i;
            t_mrem_d = t_mrem_q - 32'(Rows);
          end else begin
            t_nrem_d = t_nrem_q - 32'(Cols);
          end
          // This tile's credit is taken; the next needs one more.
          next_ready = a_full_i[next_a] && b_full_i[next_b]
                    && (cred_q != '0 || credit_i);
          if (job_end) begin
            st_d = Q_DONE;
          end else if (next_ready) begin
            take = 1'b1;
          end else begin
            st_d = Q_WAIT;
          end
        end
      end
      default: ;
    endcase

    if (start_i) begin
      st_d     = Q_WAIT;
      k0_d     = '0;
      pos_d    = '0;
      blk_d    = '0;
      t_mrem_d = m_i;
      t_nrem_d = n_i;
      a_bank_d = 1'b0;
      b_bank_d = 1'b0;
      take     = 1'b0;
    end

    cred_d = cred_q + CredBits'(credit_i) - CredBits'(take);
    if (start_i) cred_d = CredBits'(Credits);
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      st_q     <= Q_IDLE;
      k0_q     <= '0;
      pos_q    <= '0;
      blk_q    <= '0;
      t_mrem_q <= '0;
      t_nrem_q <= '0;
      a_bank_q <= 1'b0;
      b_bank_q <= 1'b0;
      cred_q   <= '0;
    end else if (clr_i) begin
      st_q <= Q_IDLE;
    end else begin
      st_q     <= st_d;
      k0_q     <= k0_d;
      pos_q    <= pos_d;
      blk_q    <= blk_d;
      t_mrem_q <= t_mrem_d;
      t_nrem_q <= t_nrem_d;
      a_bank_q <= a_bank_d;
      b_bank_q <= b_bank_d;
      cred_q   <= cred_d;
    end
  end

endmodule
