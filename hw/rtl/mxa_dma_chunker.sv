// SPDX-License-Identifier: MIT
// mxa_dma_chunker.sv - the front of each DMA direction: cuts a request into
// chunks that never cross a 4 KiB page nor exceed one AXI4 burst,
// has each chunk translated by the MMU (or passes it through unchanged for
// the physically addressed ring traffic) and queues the translated chunks for
// the AXI address channel. A translation fault is reported once and stops
// the chunker until it is cleared.
module mxa_dma_chunker #(
  parameter int unsigned PaBits     = 40,
  // Chunks end at multiples of this: a power of two, at most a page, at
  // most 256 beats.
  parameter int unsigned ChunkBytes = 4096,
  localparam int unsigned ChunkBits = $clog2(ChunkBytes),
  localparam int unsigned SBits = mxa_shell_pkg::STREAM_BITS
) (
  input  logic                 clk_i,
  input  logic                 rst_ni,
  input  logic                 halt_i,     // take and translate nothing new
  input  logic                 clear_i,    // forget everything

  input  logic                 req_valid_i,
  output logic                 req_ready_o,
  input  mxa_shell_pkg::mem_req_t req_i,
  input  logic                 req_phys_i,

  output logic                 mmu_valid_o,
  input  logic                 mmu_ready_i,
  output logic [63:0]          mmu_vaddr_o,
  input  logic                 mmu_rsp_valid_i,
  input  logic [15:0]          mmu_rsp_status_i,
  input  logic                 mmu_rsp_pt_i,
  input  logic [PaBits-1:0]    mmu_rsp_paddr_i,
  input  logic [63:0]          mmu_rsp_fault_addr_i,

  output logic                 chunk_valid_o,
  input  logic                 chunk_pop_i,
  output logic [PaBits-1:0]    chunk_paddr_o,
  output logic [ChunkBits:0]   chunk_len_o,
  output logic [SBits-1:0]     chunk_stream_o,
  output logic                 chunk_last_o,      // last chunk of its request

  output logic                 fault_valid_o,
  output logic [15:0]          fault_status_o,
  output logic [15:0]          fault_stream_o,
  output logic [63:0]          fault_addr_o,

  output logic                 mmu_wait_o,        // a translation is asked
  output logic                 busy_o
);

  localparam int unsigned ChunkW = PaBits + ChunkBits + 1 + SBits + 1;
  localparam int unsigned Depth = 16;

  // the request being cut
  logic                 sp_valid_q, sp_phys_q;
  logic [63:0]          sp_addr_q;
  logic [31:0]          sp_left_q;
  logic [SBits-1:0]     sp_stream_q;
  logic [ChunkBits:0]   room, sp_len;
  logic                 sp_last, sp_emit;

  // the chunk whose translation the MMU has taken and not yet answered
  logic                 xl_valid_q, xl_last_q;
  logic [ChunkBits:0]   xl_len_q;
  logic [SBits-1:0]     xl_stream_q;
  logic                 rsp_ok, xl_done, xl_free, ask, ask_fire, pass;
  logic                 fault_q, halt;

  logic                 ch_push, ch_empty, ch_full;
  logic [4:0]           ch_count;
  logic [ChunkW-1:0]    ch_in, ch_out;

  assign room    = (ChunkBits + 1)'(ChunkBytes)
                 - {1'b0, sp_addr_q[ChunkBits-1:0]};
  assign sp_last = {1'b0, sp_left_q} <= 33'(room);
  assign sp_len  = sp_last ? sp_left_q[ChunkBits:0] : room;

  // After a fault nothing moves until the clear.
  assign halt    = halt_i | fault_q;
  assign rsp_ok  = mmu_rsp_valid_i
                 && mmu_rsp_status_i == 16'(mxa_hw_pkg::STATUS_OK);
  assign xl_done = xl_valid_q & rsp_ok;
  assign xl_free = ~xl_valid_q | mmu_rsp_valid_i;

  // A chunk goes to the MMU as the previous answer arrives, so hits flow
  // at one chunk a cycle; the queue keeps a place for each chunk asked.
  assign ask      = sp_valid_q & ~sp_phys_q & xl_free & ~halt
                  & (32'(ch_count) + 32'(xl_valid_q) < Depth);
  assign ask_fire = ask & mmu_ready_i;
  // Physical chunks pass untranslated, never overtaking a translation.
  assign pass     = sp_valid_q & sp_phys_q & ~xl_valid_q & ~ch_full & ~halt;
  assign sp_emit  = ask_fire | pass;

  assign req_ready_o = ~halt & (~sp_valid_q | (sp_emit & sp_last));

  assign mmu_valid_o = ask;
  assign mmu_vaddr_o = sp_addr_q;
  assign mmu_wait_o  = xl_valid_q;

  assign fault_valid_o  = xl_valid_q & mmu_rsp_valid_i & ~rsp_ok;
  assign fault_status_o = mmu_rsp_status_i;
  assign fault_stream_o = mmu_rsp_pt_i ? 16'(mxa_hw_pkg::STREAM_PT)
                                       : 16'(xl_stream_q);
  assign fault_addr_o   = mmu_rsp_fault_addr_i;

  assign ch_push = xl_done | pass;
  assign ch_in   = xl_done ? {mmu_rsp_paddr_i, xl_len_q, xl_stream_q, xl_last_q}
                           : {sp_addr_q[PaBits-1:0], sp_len, sp_stream_q,
                              sp_last};
  assign {chunk_paddr_o, chunk_len_o, chunk_stream_o, chunk_last_o} = ch_out;
  assign chunk_valid_o = ~ch_empty;

  assign busy_o = sp_valid_q | xl_valid_q | ~ch_empty;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      sp_valid_q  <= 1'b0;
      sp_phys_q   <= 1'b0;
      sp_addr_q   <= '0;
      sp_left_q   <= '0;
      sp_stream_q <= '0;
      xl_valid_q  <= 1'b0;
      xl_last_q   <= 1'b0;
      xl_len_q    <= '0;
      xl_stream_q <= '0;
      fault_q     <= 1'b0;
    end else if (clear_i) begin
      sp_valid_q <= 1'b0;
      xl_valid_q <= 1'b0;
      fault_q    <= 1'b0;
    end else begin
      if (fault_valid_o) begin
        fault_q <= 1'b1;
      end

      if (req_valid_i && req_ready_o) begin
        sp_valid_q  <= 1'b1;
        sp_addr_q   <= req_i.addr;
        sp_left_q   <= req_i.len;
        sp_stream_q <= req_i.stream;
        sp_phys_q   <= req_phys_i;
      end else if (sp_emit) begin
        sp_valid_q <= ~sp_last;
        sp_addr_q  <= sp_addr_q + 64'(sp_len);
        sp_left_q  <= sp_left_q - 32'(sp_len);
      end

      if (ask_fire) begin
        xl_valid_q  <= 1'b1;
        xl_len_q    <= sp_len;
        xl_stream_q <= sp_stream_q;
        xl_last_q   <= sp_last;
      end else if (mmu_rsp_valid_i) begin
        xl_valid_q <= 1'b0;
      end
    end
  end

`ifndef SYNTHESIS
  // A request is 1 to 2^32 - 1 bytes (docs/rtl-shell.md 3.2).
  always @(posedge clk_i) begin
    if (rst_ni && req_valid_i && req_ready_o) begin
      assert (req_i.len != '0) else $error("mxa_dma_chunker: request of 0 bytes");
    end
  end
`endif

  mxa_fifo #(
    .Width (ChunkW),
    .Depth (Depth)
  ) u_chunks (
    .clk_i,
    .rst_ni,
    .clr_i   (clear_i),
    .push_i  (ch_push),
    .data_i  (ch_in),
    .pop_i   (chunk_pop_i),
    .data_o  (ch_out),
    .empty_o (ch_empty),
    .full_o  (ch_full),
    .count_o (ch_count)
  );

endmodule
