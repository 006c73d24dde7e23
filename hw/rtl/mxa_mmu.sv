// SPDX-License-Identifier: MIT
// mxa_mmu.sv - the device MMU (docs/hw-interface.md section 7): translates
// device-virtual addresses of the job in progress through three levels of
// page tables, with a fully associative TLB and a one-entry cache of the
// level-2 and of the level-1 pointer last used, all emptied when a job starts.
//
// One translation at a time, in request order. A TLB hit answers in the
// cycle after the request and takes a new request in that cycle; a miss
// walks the tables, one page-table read at a time. The read of a leaf
// brings a whole bus beat of entries (DataBits / 64 neighbouring pages):
// every valid leaf among them enters the TLB, so a stream through memory
// walks once per beat of entries instead of once per page. A fault is never
// cached.
module mxa_mmu #(
  parameter int unsigned DataBits   = 128,
  parameter int unsigned PaBits     = 40,
  parameter int unsigned TlbEntries = 16,
  localparam int unsigned OffBits = $clog2(DataBits / 8)
) (
  input  logic                 clk_i,
  input  logic                 rst_ni,

  input  logic                 flush_i,     // a job starts: forget everything
  input  logic                 stop_i,      // abandon a walk, take nothing new
  input  logic [PaBits-13:0]   root_i,      // PT_ROOT of the job, a page

  input  logic                 req_valid_i,
  output logic                 req_ready_o,
  input  logic [63:0]          req_vaddr_i,
  input  logic                 req_write_i,

  output logic                 rsp_valid_o,
  output logic [15:0]          rsp_status_o,      // mxa_hw_pkg::status_e
  output logic                 rsp_pt_o,          // a bus error on a table
  output logic [PaBits-1:0]    rsp_paddr_o,
  output logic [63:0]          rsp_fault_addr_o,

  // page-table reads: one beat each, never more than one outstanding
  output logic                 pte_valid_o,
  input  logic                 pte_ready_i,
  output logic [PaBits-1:0]    pte_addr_o,
  input  logic                 pte_rvalid_i,
  input  logic [DataBits-1:0]  pte_rdata_i,
  input  logic                 pte_rerr_i,

  output logic                 idle_o
);

  localparam int unsigned VaBits  = mxa_hw_pkg::VA_BITS;
  localparam int unsigned VpnBits = VaBits - 12;
  localparam int unsigned PpnBits = PaBits - 12;
  localparam int unsigned PtrBits = TlbEntries > 1 ? $clog2(TlbEntries) : 1;
  localparam int unsigned Group = DataBits / 64;   // entries in a beat
  localparam int unsigned GroupBits = $clog2(Group);

  if (TlbEntries < Group || (1 << $clog2(TlbEntries)) != TlbEntries)
  begin : g_check
    $error("mxa_mmu: TlbEntries must be a power of two, at least DataBits / 64");
  end

  typedef enum logic [1:0] {
    S_IDLE,
    S_PTE_REQ,
    S_PTE_WAIT
  } state_e;

  state_e                     st_q;
  logic [1:0]                 lvl_q;
  logic [PpnBits-1:0]         table_q;
  logic [VaBits-1:0]          va_q;
  logic                       write_q;
  logic [PaBits-1:0]          pte_addr_q;

  logic [TlbEntries-1:0]         tlb_v_q;
  logic [TlbEntries*VpnBits-1:0] tlb_vpn_q;
  logic [TlbEntries*PpnBits-1:0] tlb_ppn_q;
  logic [TlbEntries-1:0]         tlb_w_q;
  logic [PtrBits-1:0]            tlb_next_q;

  // The pointer entries of the last walk: level 2 covers 1 GiB, level 1
  // covers 2 MiB, so streaming through a buffer re-reads only leaves.
  logic               l2c_v_q, l1c_v_q;
  logic [8:0]         l2c_tag_q;
  logic [17:0]        l1c_tag_q;
  logic [PpnBits-1:0] l2c_tab_q, l1c_tab_q;

  logic               rsp_valid_q, rsp_pt_q;
  logic [15:0]        rsp_status_q;
  logic [PaBits-1:0]  rsp_paddr_q;
  logic [63:0]        rsp_fault_addr_q;

  logic               accept;
  logic               hit, hit_w;
  logic [PpnBits-1:0] hit_ppn;
  logic [63:0]        pte;
  logic               pte_v, pte_leaf, pte_w, pte_bad_bits;
  logic [8:0]         pte_index;

  assign req_ready_o      = st_q == S_IDLE && !stop_i;
  assign accept           = req_valid_i & req_ready_o;
  assign rsp_valid_o      = rsp_valid_q;
  assign rsp_status_o     = rsp_status_q;
  assign rsp_pt_o         = rsp_pt_q;
  assign rsp_paddr_o      = rsp_paddr_q;
  assign rsp_fault_addr_o = rsp_fault_addr_q;
  assign idle_o           = st_q == S_IDLE;

  // ---------------------------------------------------------------- TLB
  always_comb begin
    hit     = 1'b0;
    hit_w   = 1'b0;
    hit_ppn = '0;
    for (int i = 0; i < TlbEntries; i++) begin
      if (tlb_v_q[i] && tlb_vpn_q[i*VpnBits +: VpnBits]
                        == req_vaddr_i[VaBits-1:12]) begin
        hit     = 1'b1;
        hit_w   = hit_w | tlb_w_q[i];
        hit_ppn = hit_ppn | tlb_ppn_q[i*PpnBits +: PpnBits];
      end
    end
  end

  // ---------------------------------------------------------------- walk
  always_comb begin
    unique case (lvl_q)
      2'd2:    pte_index = va_q[38:30];
      2'd1:    pte_index = va_q[29:21];
      default: pte_index = va_q[20:12];
    endcase
  end

  assign pte_valid_o = st_q == S_PTE_REQ && !stop_i;
  assign pte_addr_o  = {table_q, pte_index, 3'b000};

  // The entry is the aligned 8 bytes of the beat at its address.
  assign pte      = 64'(pte_rdata_i >> (32'(pte_addr_q[OffBits-1:0]) * 8));
  assign pte_v    = pte[mxa_hw_pkg::PTE_V_LSB];
  assign pte_leaf = pte[mxa_hw_pkg::PTE_LEAF_LSB];
  assign pte_w    = pte[mxa_hw_pkg::PTE_W_LSB];
  // Reserved bits, and address bits at or above PA_BITS, must be 0.
  function automatic logic bad_bits(input logic [63:0] e);
    bad_bits = e[63:52] != '0 || e[11:3] != '0 || (e[51:0] >> PaBits) != '0;
  endfunction

  assign pte_bad_bits = bad_bits(pte);

  // The beat's entries as TLB entries: a group of neighbouring pages.
  logic [Group-1:0]         grp_ok;
  logic [Group*VpnBits-1:0] grp_vpn;
  logic [Group*PpnBits-1:0] grp_ppn;
  logic [Group-1:0]         grp_w;

  always_comb begin
    for (int k = 0; k < Group; k++) begin
      grp_ok[k] = pte_rdata_i[k*64 + mxa_hw_pkg::PTE_V_LSB]
                & pte_rdata_i[k*64 + mxa_hw_pkg::PTE_LEAF_LSB]
                & ~bad_bits(pte_rdata_i[k*64 +: 64]);
      grp_vpn[k*VpnBits +: VpnBits] = (va_q[VaBits-1:12]
                                       & ~VpnBits'(Group - 1))
                                    | VpnBits'(k);
      grp_ppn[k*PpnBits +: PpnBits] = pte_rdata_i[k*64 + 12 +: PpnBits];
      grp_w[k] = pte_rdata_i[k*64 + mxa_hw_pkg::PTE_W_LSB];
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      st_q             <= S_IDLE;
      lvl_q            <= '0;
      table_q          <= '0;
      va_q             <= '0;
      write_q          <= 1'b0;
      pte_addr_q       <= '0;
      tlb_v_q          <= '0;
      tlb_vpn_q        <= '0;
      tlb_ppn_q        <= '0;
      tlb_w_q          <= '0;
      tlb_next_q       <= '0;
      l2c_v_q          <= 1'b0;
      l1c_v_q          <= 1'b0;
      l2c_tag_q        <= '0;
      l1c_tag_q        <= '0;
      l2c_tab_q        <= '0;
      l1c_tab_q        <= '0;
      rsp_valid_q      <= 1'b0;
      rsp_pt_q         <= 1'b0;
      rsp_status_q     <= '0;
      rsp_paddr_q      <= '0;
      rsp_fault_addr_q <= '0;
    end else begin
      rsp_valid_q <= 1'b0;
      if (flush_i) begin
        tlb_v_q <= '0;
        l2c_v_q <= 1'b0;
        l1c_v_q <= 1'b0;
      end

      unique case (st_q)
        S_IDLE: begin
          if (accept) begin
            va_q             <= req_vaddr_i[VaBits-1:0];
            write_q          <= req_write_i;
            rsp_pt_q         <= 1'b0;
            rsp_fault_addr_q <= req_vaddr_i;
            rsp_paddr_q      <= {hit_ppn, req_vaddr_i[11:0]};
            if ((req_vaddr_i >> VaBits) != '0) begin
              rsp_valid_q  <= 1'b1;
              rsp_status_q <= 16'(mxa_hw_pkg::STATUS_MMU_UNMAPPED);
            end else if (hit) begin
              rsp_valid_q  <= 1'b1;
              rsp_status_q <= (req_write_i && !hit_w)
                            ? 16'(mxa_hw_pkg::STATUS_MMU_READONLY)
                            : 16'(mxa_hw_pkg::STATUS_OK);
            end else begin
              st_q <= S_PTE_REQ;
              if (l1c_v_q && l1c_tag_q == req_vaddr_i[38:21]) begin
                lvl_q   <= 2'd0;
                table_q <= l1c_tab_q;
              end else if (l2c_v_q && l2c_tag_q == req_vaddr_i[38:30]) begin
                lvl_q   <= 2'd1;
                table_q <= l2c_tab_q;
              end else begin
                lvl_q   <= 2'd2;
                table_q <= root_i;
              end
            end
          end
        end

        S_PTE_REQ: begin
          if (stop_i) begin
            st_q <= S_IDLE;
          end else if (pte_ready_i) begin
            pte_addr_q <= pte_addr_o;
            st_q       <= S_PTE_WAIT;
          end
        end

        S_PTE_WAIT: begin
          if (pte_rvalid_i) begin
            st_q <= stop_i ? S_IDLE : S_PTE_REQ;
            if (!stop_i) begin
              if (pte_rerr_i) begin
                st_q             <= S_IDLE;
                rsp_valid_q      <= 1'b1;
                rsp_status_q     <= 16'(mxa_hw_pkg::STATUS_BUS_ERROR);
                rsp_pt_q         <= 1'b1;
                rsp_fault_addr_q <= 64'(pte_addr_q);
              end else if (!pte_v) begin
                st_q         <= S_IDLE;
                rsp_valid_q  <= 1'b1;
                rsp_status_q <= 16'(mxa_hw_pkg::STATUS_MMU_UNMAPPED);
              end else if (lvl_q != 2'd0) begin
                if (pte_leaf || pte_w || pte_bad_bits) begin
                  st_q         <= S_IDLE;
                  rsp_valid_q  <= 1'b1;
                  rsp_status_q <= 16'(mxa_hw_pkg::STATUS_MMU_BAD_PTE);
                end else begin
                  table_q <= pte[PaBits-1:12];
                  lvl_q   <= lvl_q - 2'd1;
                  if (lvl_q == 2'd2) begin
                    l2c_v_q   <= 1'b1;
                    l2c_tag_q <= va_q[38:30];
                    l2c_tab_q <= pte[PaBits-1:12];
                  end else begin
                    l1c_v_q   <= 1'b1;
                    l1c_tag_q <= va_q[38:21];
                    l1c_tab_q <= pte[PaBits-1:12];
                  end
                end
              end else if (!pte_leaf || pte_bad_bits) begin
                st_q         <= S_IDLE;
                rsp_valid_q  <= 1'b1;
                rsp_status_q <= 16'(mxa_hw_pkg::STATUS_MMU_BAD_PTE);
              end else begin
                st_q         <= S_IDLE;
                rsp_valid_q  <= 1'b1;
                rsp_status_q <= (write_q && !pte_w)
                              ? 16'(mxa_hw_pkg::STATUS_MMU_READONLY)
                              : 16'(mxa_hw_pkg::STATUS_OK);
                rsp_paddr_q  <= {pte[PaBits-1:12], va_q[11:0]};
                // The group takes the Group entries from tlb_next_q, a
                // multiple of Group: entry i gets element i mod Group.
                for (int i = 0; i < TlbEntries; i++) begin
                  if ((PtrBits'(i) >> GroupBits) == (tlb_next_q >> GroupBits))
                  begin
                    tlb_v_q[i] <= grp_ok[i % Group];
                    tlb_vpn_q[i*VpnBits +: VpnBits]
                      <= grp_vpn[(i % Group)*VpnBits +: VpnBits];
                    tlb_ppn_q[i*PpnBits +: PpnBits]
                      <= grp_ppn[(i % Group)*PpnBits +: PpnBits];
                    tlb_w_q[i] <= grp_w[i % Group];
                  end
                end
                tlb_next_q <= tlb_next_q + PtrBits'(Group);
              end
            end
          end
        end

        default: st_q <= S_IDLE;
      endcase
    end
  end

endmodule
