// SPDX-License-Identifier: MIT
// mxa_cmd.sv - the command processor: fetches descriptors from the ring,
// validates them, hands MATMUL jobs to the engine, ends each job (by the
// engine, by a fault or bus error the DMA reports, or by CTRL.ABORT) once its
// memory traffic has drained, writes the completion record body then its SEQ
// (docs/hw-interface.md 3.4), raises the interrupt causes and advances
// RING_HEAD. Failures of the ring itself halt the device.
//
// Between jobs it owns the DMA ports (physical addresses: descriptors and
// records); while a job runs the engine owns them (virtual addresses).
module mxa_cmd #(
  parameter int unsigned DataBits = 128,
  parameter int unsigned PaBits   = 40,
  localparam int unsigned DataBytes = DataBits / 8,
  localparam int unsigned OffBits = $clog2(DataBytes)
) (
  input  logic                   clk_i,
  input  logic                   rst_ni,

  // registers
  input  logic                   enable_i,
  input  logic                   abort_i,
  input  logic                   test_stall_i,
  input  logic [PaBits-1:0]      ring_base_i,
  input  logic [3:0]             ring_log2_i,
  input  logic [31:0]            ring_tail_i,
  input  logic                   tail_we_i,
  input  logic [31:0]            tail_wdata_i,
  input  logic [PaBits-1:0]      cmpl_base_i,
  input  logic [31:0]            cap_formats_i,
  input  logic [31:0]            cap_formats_so_i,
  input  logic [31:0]            cap_modes_i,
  input  logic [31:0]            cap_block_i,
  input  logic [15:0]            cap_trunc_i,
  input  logic [31:0]            cap_max_m_i,
  input  logic [31:0]            cap_max_n_i,
  input  logic [31:0]            cap_max_k_i,

  output logic                   idle_o,
  output logic                   busy_o,
  output logic                   halted_o,
  output logic [7:0]             halt_code_o,
  output logic [63:0]            halt_addr_o,
  output logic [31:0]            ring_head_o,
  output logic                   ev_job_done_o,
  output logic                   ev_job_error_o,
  output logic                   ev_halt_o,
  output logic                   job_retired_o,
  output logic [63:0]            job_macs_o,

  // DMA control and status
  output logic                   owner_eng_o,
  output logic                   dma_stop_rd_o,
  output logic                   dma_stop_wr_o,
  output logic                   dma_flush_o,
  output logic [PaBits-13:0]     pt_root_o,      // page number
  input  logic                   dma_err_valid_i,
  input  logic [15:0]            dma_err_status_i,
  input  logic [15:0]            dma_err_detail_i,
  input  logic [63:0]            dma_err_addr_i,
  input  logic                   dma_wr_busy_i,
  input  logic                   dma_idle_i,
  input  logic                   cnt_rd_beat_i,
  input  logic [OffBits:0]       cnt_wr_bytes_i,

  // the command processor's own DMA traffic
  output logic                   rd_req_valid_o,
  input  logic                   rd_req_ready_i,
  output mxa_shell_pkg::mem_req_t rd_req_o,
  input  logic                   rd_valid_i,
  output logic                   rd_ready_o,
  input  logic [DataBits-1:0]    rd_data_i,
  input  logic                   rd_last_i,
  output logic                   wr_req_valid_o,
  input  logic                   wr_req_ready_i,
  output mxa_shell_pkg::mem_req_t wr_req_o,
  output logic                   wr_valid_o,
  input  logic                   wr_ready_i,
  output logic [DataBits-1:0]    wr_data_o,
  input  logic                   wr_done_i,

  // engine
  output logic                   eng_flush_o,
  output logic                   eng_job_valid_o,
  input  logic                   eng_job_ready_i,
  output mxa_hw_pkg::desc_t      eng_job_o,
  input  logic                   eng_done_valid_i,
  output logic                   eng_done_ready_o,
  input  mxa_shell_pkg::job_end_t eng_done_i,
  input  logic [63:0]            eng_macs_i,
  input  logic                   eng_dma_stall_i,
  input  logic                   eng_compute_stall_i
);

  localparam int unsigned DescBits = mxa_hw_pkg::DESC_BYTES * 8;
  localparam int unsigned BodyBytes = mxa_hw_pkg::CMPL_BYTES - 8;
  localparam int unsigned RecBeats = (BodyBytes + DataBytes - 1) / DataBytes;

  typedef enum logic [4:0] {
    S_IDLE,
    S_FETCH,
    S_CHECK,
    S_DECIDE,
    S_DISPATCH,
    S_RUN,
    S_FINISH,
    S_DRAIN,
    S_REC,
    S_SEQ,
    S_RETIRE,
    S_HALT_DRAIN,
    S_HALTED
  } state_e;

  state_e                  st_q;
  logic [31:0]             head_q;
  logic [14:0]             slot_q;         // ring slot of the job
  mxa_hw_pkg::desc_t       desc_q;
  logic                    bad_q;
  logic [15:0]             field_q;
  logic                    req_sent_q;     // the DMA took this state's request
  logic [3:0]              beat_q;         // data beats sent in this state
  logic                    halt_pend_q;
  logic [7:0]              halt_code_q;
  logic [63:0]             halt_addr_q;

  // the job's completion record
  logic [15:0]             status_q, detail_q;
  logic [63:0]             fault_addr_q;
  logic [63:0]             cycles_q, bytes_read_q, bytes_written_q, macs_q;
  logic [31:0]             dma_stall_q, compute_stall_q;

  logic                    check_bad;
  logic [15:0]             check_field;
  logic [14:0]             slot;
  logic [PaBits-1:0]       desc_addr, cmpl_addr;
  logic                    in_job, counting;
  logic                    pending;
  logic                    tail_bad;
  mxa_hw_pkg::cmpl_t       rec;
  logic [511:0]            body;

  assign slot      = 15'(head_q & ~(32'hffffffff << ring_log2_i));
  assign desc_addr = ring_base_i + (PaBits'(slot) << 7);
  assign cmpl_addr = cmpl_base_i + (PaBits'(slot_q) << 6);
  assign pending   = enable_i && head_q != ring_tail_i;
  // A doorbell more than the ring size ahead of the records written.
  assign tail_bad  = (tail_wdata_i - head_q) > (32'd1 << ring_log2_i);

  // The job is the engine's from dispatch until its traffic has drained.
  assign in_job   = st_q == S_DISPATCH || st_q == S_RUN || st_q == S_FINISH
                 || st_q == S_DRAIN;
  assign counting = in_job || st_q == S_CHECK || st_q == S_DECIDE;

  mxa_desc_check #(
    .PaBits (PaBits)
  ) u_check (
    .desc_i        (desc_q),
    .cap_formats_i,
    .cap_formats_so_i,
    .cap_modes_i,
    .cap_block_i,
    .cap_trunc_i,
    .cap_max_m_i,
    .cap_max_n_i,
    .cap_max_k_i,
    .bad_o         (check_bad),
    .field_o       (check_field)
  );

  // ---------------------------------------------------------------- outputs
  assign busy_o      = counting || st_q == S_REC || st_q == S_SEQ;
  assign idle_o      = (st_q == S_IDLE && !pending && !halt_pend_q)
                    || st_q == S_HALTED;
  assign halted_o    = st_q == S_HALTED;
  assign halt_code_o = halt_code_q;
  assign halt_addr_o = halt_addr_q;
  assign ring_head_o = head_q;

  assign ev_job_done_o  = st_q == S_RETIRE
                       && status_q == 16'(mxa_hw_pkg::STATUS_OK);
  assign ev_job_error_o = st_q == S_RETIRE
                       && status_q != 16'(mxa_hw_pkg::STATUS_OK);
  assign ev_halt_o      = st_q == S_HALT_DRAIN && dma_idle_i;
  assign job_retired_o  = st_q == S_RETIRE;
  assign job_macs_o     = macs_q;

  assign owner_eng_o   = in_job;
  assign dma_stop_rd_o = st_q == S_FINISH || st_q == S_DRAIN
                      || st_q == S_HALT_DRAIN;
  assign dma_stop_wr_o = st_q == S_DRAIN || st_q == S_HALT_DRAIN;
  assign dma_flush_o   = st_q == S_DECIDE;
  assign pt_root_o     = desc_q.pt_root[PaBits-1:12];

  assign eng_job_o        = desc_q;
  assign eng_job_valid_o  = st_q == S_DISPATCH && !test_stall_i && !abort_i
                         && !halt_pend_q;
  assign eng_done_ready_o = st_q == S_RUN && !test_stall_i;

  // Engine flush: whenever a job is taken away from it.
  always_comb begin
    eng_flush_o = 1'b0;
    if (st_q == S_DISPATCH || st_q == S_RUN) begin
      eng_flush_o = (dma_err_valid_i || abort_i || halt_pend_q)
                 && !(st_q == S_RUN && eng_done_valid_i && eng_done_ready_o
                      && !dma_err_valid_i);
    end
  end

  assign rd_req_valid_o = st_q == S_FETCH && !req_sent_q;
  assign rd_req_o       = {64'(desc_addr), 32'(mxa_hw_pkg::DESC_BYTES),
                           mxa_shell_pkg::STREAM_BITS'(0)};
  assign rd_ready_o     = st_q == S_FETCH;

  assign rec = {compute_stall_q, dma_stall_q, macs_q, bytes_written_q,
                bytes_read_q, cycles_q, fault_addr_q, 32'd0, detail_q,
                status_q, desc_q.seq};
  assign body = {64'd0, rec[511:64]};

  always_comb begin
    wr_req_valid_o = 1'b0;
    wr_req_o       = '0;
    wr_valid_o     = 1'b0;
    wr_data_o      = '0;
    if (st_q == S_REC) begin
      wr_req_valid_o = !req_sent_q;
      wr_req_o       = {64'(cmpl_addr) + 64'd8, 32'(BodyBytes),
                        mxa_shell_pkg::STREAM_BITS'(0)};
      wr_valid_o     = 32'(beat_q) < RecBeats;
      wr_data_o      = DataBits'(body >> (32'(beat_q) * DataBits));
    end else if (st_q == S_SEQ) begin
      wr_req_valid_o = !req_sent_q;
      wr_req_o       = {64'(cmpl_addr), 32'd8, mxa_shell_pkg::STREAM_BITS'(0)};
      wr_valid_o     = beat_q == '0;
      wr_data_o      = DataBits'(rec.seq);
    end
  end

  // ---------------------------------------------------------------- state
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      st_q            <= S_IDLE;
      head_q          <= '0;
      slot_q          <= '0;
      desc_q          <= '0;
      bad_q           <= 1'b0;
      field_q         <= '0;
      req_sent_q      <= 1'b0;
      beat_q          <= '0;
      halt_pend_q     <= 1'b0;
      halt_code_q     <= '0;
      halt_addr_q     <= '0;
      status_q        <= '0;
      detail_q        <= '0;
      fault_addr_q    <= '0;
      cycles_q        <= '0;
      bytes_read_q    <= '0;
      bytes_written_q <= '0;
      macs_q          <= '0;
      dma_stall_q     <= '0;
      compute_stall_q <= '0;
    end else begin
      if (tail_we_i && tail_bad && !halt_pend_q) begin
        halt_pend_q <= 1'b1;
        halt_code_q <= 8'(mxa_hw_pkg::HALT_BAD_TAIL);
        halt_addr_q <= 64'(tail_wdata_i);
      end

      if (counting) begin
        cycles_q <= cycles_q + 64'd1;
      end
      if (in_job) begin
        if (cnt_rd_beat_i) begin
          bytes_read_q <= bytes_read_q + 64'(DataBytes);
        end
        bytes_written_q <= bytes_written_q + 64'(cnt_wr_bytes_i);
        if (eng_dma_stall_i && dma_stall_q != '1) begin
          dma_stall_q <= dma_stall_q + 32'd1;
        end
        if (eng_compute_stall_i && compute_stall_q != '1) begin
          compute_stall_q <= compute_stall_q + 32'd1;
        end
      end

      unique case (st_q)
        S_IDLE: begin
          req_sent_q <= 1'b0;
          beat_q     <= '0;
          slot_q     <= slot;
          if (halt_pend_q) begin
            st_q <= S_HALT_DRAIN;
          end else if (pending) begin
            st_q <= S_FETCH;
          end
        end

        S_FETCH: begin
          if (rd_req_valid_o && rd_req_ready_i) begin
            req_sent_q <= 1'b1;
          end
          if (dma_err_valid_i) begin
            halt_pend_q <= 1'b1;
            halt_code_q <= 8'(mxa_hw_pkg::HALT_DESC_BUS_ERROR);
            halt_addr_q <= 64'(desc_addr);
            st_q        <= S_HALT_DRAIN;
          end else if (rd_valid_i) begin
            // Beats arrive lowest first and shift down into place.
            desc_q <= DescBits'({rd_data_i, desc_q} >> DataBits);
            if (rd_last_i) begin
              st_q            <= S_CHECK;
              cycles_q        <= '0;
              bytes_read_q    <= '0;
              bytes_written_q <= '0;
              macs_q          <= '0;
              dma_stall_q     <= '0;
              compute_stall_q <= '0;
              status_q        <= 16'(mxa_hw_pkg::STATUS_OK);
              detail_q        <= '0;
              fault_addr_q    <= '0;
            end
          end
        end

        S_CHECK: begin
          bad_q      <= check_bad;
          field_q    <= check_field;
          req_sent_q <= 1'b0;
          beat_q     <= '0;
          st_q       <= S_DECIDE;
        end

        S_DECIDE: begin
          if (halt_pend_q) begin
            st_q <= S_HALT_DRAIN;
          end else if (abort_i) begin
            status_q <= 16'(mxa_hw_pkg::STATUS_ABORTED);
            st_q     <= S_REC;
          end else if (bad_q) begin
            status_q <= 16'(mxa_hw_pkg::STATUS_BAD_DESC);
            detail_q <= field_q;
            st_q     <= S_REC;
          end else if (test_stall_i) begin
            st_q <= S_DECIDE;
          end else if (desc_q.opcode == 16'(mxa_hw_pkg::OP_NOP)) begin
            st_q <= S_REC;
          end else begin
            st_q <= S_DISPATCH;
          end
        end

        S_DISPATCH: begin
          if (halt_pend_q) begin
            st_q <= S_HALT_DRAIN;
          end else if (abort_i) begin
            status_q <= 16'(mxa_hw_pkg::STATUS_ABORTED);
            st_q     <= S_DRAIN;
          end else if (eng_job_valid_o && eng_job_ready_i) begin
            st_q <= S_RUN;
          end
        end

        S_RUN: begin
          if (dma_err_valid_i) begin
            status_q     <= dma_err_status_i;
            detail_q     <= dma_err_detail_i;
            fault_addr_q <= dma_err_addr_i;
            macs_q       <= eng_macs_i;
            st_q         <= S_DRAIN;
          end else if (eng_done_valid_i && eng_done_ready_o) begin
            status_q     <= eng_done_i.status;
            detail_q     <= eng_done_i.detail;
            fault_addr_q <= eng_done_i.fault_addr;
            macs_q       <= eng_macs_i;
            st_q         <= eng_done_i.status == 16'(mxa_hw_pkg::STATUS_OK)
                          ? S_FINISH : S_DRAIN;
          end else if (halt_pend_q) begin
            st_q <= S_HALT_DRAIN;
          end else if (abort_i) begin
            status_q <= 16'(mxa_hw_pkg::STATUS_ABORTED);
            macs_q   <= eng_macs_i;
            st_q     <= S_DRAIN;
          end
        end

        // The engine is done: its writes complete, its reads are dropped.
        S_FINISH: begin
          if (dma_err_valid_i) begin
            status_q     <= dma_err_status_i;
            detail_q     <= dma_err_detail_i;
            fault_addr_q <= dma_err_addr_i;
            st_q         <= S_DRAIN;
          end else if (!dma_wr_busy_i) begin
            st_q <= S_DRAIN;
          end
        end

        // Everything of the job is dropped; the bus quiets down.
        S_DRAIN: begin
          if (dma_err_valid_i && status_q == 16'(mxa_hw_pkg::STATUS_OK)) begin
            status_q     <= dma_err_status_i;
            detail_q     <= dma_err_detail_i;
            fault_addr_q <= dma_err_addr_i;
          end
          if (dma_idle_i) begin
            st_q <= S_REC;
          end
        end

        S_REC: begin
          if (wr_req_valid_o && wr_req_ready_i) begin
            req_sent_q <= 1'b1;
          end
          if (wr_valid_o && wr_ready_i) begin
            beat_q <= beat_q + 4'd1;
          end
          if (dma_err_valid_i) begin
            halt_pend_q <= 1'b1;
            halt_code_q <= 8'(mxa_hw_pkg::HALT_CMPL_BUS_ERROR);
            halt_addr_q <= 64'(cmpl_addr);
            st_q        <= S_HALT_DRAIN;
          end else if (wr_done_i) begin
            req_sent_q <= 1'b0;
            beat_q     <= '0;
            st_q       <= S_SEQ;
          end
        end

        // RING_HEAD counts the record as its SEQ write is issued: software
        // that sees the SEQ never finds RING_HEAD behind, so a doorbell
        // that follows the records it has seen cannot look like an overrun.
        S_SEQ: begin
          if (wr_req_valid_o && wr_req_ready_i) begin
            req_sent_q <= 1'b1;
            head_q     <= head_q + 32'd1;
          end
          if (wr_valid_o && wr_ready_i) begin
            beat_q <= beat_q + 4'd1;
          end
          if (dma_err_valid_i) begin
            halt_pend_q <= 1'b1;
            halt_code_q <= 8'(mxa_hw_pkg::HALT_CMPL_BUS_ERROR);
            halt_addr_q <= 64'(cmpl_addr);
            st_q        <= S_HALT_DRAIN;
          end else if (wr_done_i) begin
            st_q <= S_RETIRE;
          end
        end

        S_RETIRE: st_q <= S_IDLE;

        S_HALT_DRAIN: begin
          if (dma_idle_i) begin
            st_q <= S_HALTED;
          end
        end

        S_HALTED: st_q <= S_HALTED;

        default: st_q <= S_IDLE;
      endcase
    end
  end

endmodule
